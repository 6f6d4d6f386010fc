import type { TextSet } from '../shared/i18n.js'

/** The assisted lane (opening by hand with a reason) and the visitor poster. */
export const LANE_TEXTS: TextSet = {
  zh: {
    'staff.open.title': '人工通道：开门',
    'staff.open.door': '开哪个门',
    'staff.open.quick': '点原因就开门',
    'staff.open.reason.elderly': '老人',
    'staff.open.reason.wheelchair': '轮椅',
    'staff.open.reason.sick': '病人',
    'staff.open.reason.pregnant': '孕妇',
    'staff.open.reason.child': '抱小孩',
    'staff.open.other': '其他原因',
    'staff.open.reasonField': '原因',
    'staff.open.reasonHint': '会记入门岗记录，例如：快递员送药',
    'staff.open.submit': '开门',
    'staff.open.opening': '正在开门…',
    'staff.open.opened': '已开门：{door}（{reason}）',
    'staff.open.failed': '没有开门：{error}',
    'staff.poster.title': '访客二维码海报',
    'staff.poster.intro': '打印出来贴在卡点。访客用自己的手机扫码填写，被访住户同意后，凭手机上的通行码进门。',
    'staff.poster.print': '打印海报（A4）',
    'staff.poster.failed': '二维码生成失败：{error}',
  },
  en: {
    'staff.open.title': 'Assisted lane: open by hand',
    'staff.open.door': 'Which door',
    'staff.open.quick': 'Tap a reason to open',
    'staff.open.reason.elderly': 'Elderly',
    'staff.open.reason.wheelchair': 'Wheelchair',
    'staff.open.reason.sick': 'Sick',
    'staff.open.reason.pregnant': 'Pregnant',
    'staff.open.reason.child': 'Carrying a child',
    'staff.open.other': 'Another reason',
    'staff.open.reasonField': 'Reason',
    'staff.open.reasonHint': 'Goes into the gate log, e.g. courier bringing medicine',
    'staff.open.submit': 'Open',
    'staff.open.opening': 'Opening…',
    'staff.open.opened': 'Opened: {door} ({reason})',
    'staff.open.failed': 'Not opened: {error}',
    'staff.poster.title': 'Visitor QR poster',
    'staff.poster.intro': 'Print it and put it up at the checkpoint. Visitors scan it with their own phone and fill in a short form; once the resident they visit agrees, the pass on their phone lets them in.',
    'staff.poster.print': 'Print the poster (A4)',
    'staff.poster.failed': 'The QR code could not be made: {error}',
  },
}

/**
 * What the printed poster says, in Chinese and English at once (it hangs at the gate for
 * everyone), whatever language the volunteer reads the screen in.
 */
export const POSTER_WORDING = {
  heading: { zh: '访客请扫码登记', en: 'Visitors: scan to register' },
  steps: [
    { zh: '用手机扫描二维码', en: 'Scan the code with your phone' },
    { zh: '填写姓名、手机号和要拜访的住户', en: 'Enter your name, phone and whom you visit' },
    { zh: '住户同意后，凭手机上的通行码进门', en: 'Once they agree, the pass on your phone lets you in' },
  ],
  link: { zh: '扫不了码？在浏览器打开：', en: 'Cannot scan? Open in a browser:' },
} as const
