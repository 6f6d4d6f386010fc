import { residentIdCheckCharacter } from '../../../hub/src/domain/people/resident-id-number.js'

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢'
const GIVEN_NAMES = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建国', '志红', '玉兰', '文', '海燕', '春梅', '国庆']
const ADDRESS_CODES = ['420106', '440305', '110105', '310104', '510107'] as const

/**
 * Made-up but well-formed identities for the n-th demo person, the same on every first start:
 * a Chinese name, a mobile number in the 139 range and a resident ID number whose check
 * character is right (the hub refuses anything else). Nobody real is meant.
 */
export function demoName(index: number): string {
  const surname = SURNAMES[(index * 7) % SURNAMES.length]!
  const given = GIVEN_NAMES[(index * 11 + Math.floor(index / SURNAMES.length)) % GIVEN_NAMES.length]!
  return `${surname}${given}`
}

export function demoPhone(index: number): string {
  return `139${String(10_000_000 + ((index * 7_919) % 90_000_000)).padStart(8, '0')}`
}

export function demoIdNumber(index: number): string {
  const address = ADDRESS_CODES[index % ADDRESS_CODES.length]!
  const year = 1950 + (index % 50)
  const month = String(1 + (index % 12)).padStart(2, '0')
  const day = String(1 + (index % 28)).padStart(2, '0')
  const sequence = String(index % 1000).padStart(3, '0')
  const first17 = `${address}${year}${month}${day}${sequence}`
  return `${first17}${residentIdCheckCharacter(first17)!}`
}
