import type { TextSet } from '../shared/i18n.js'

/** Texts of a visitor pass's QR code card, shown on the visitor's page and on the host's phone. */
export const VISITOR_PASS_TEXTS: TextSet = {
  zh: {
    'visitPass.title': '访客通行证',
    'visitPass.show': '到门口时，把这个二维码对准扫码器',
    'visitPass.valid': '有效时间：{from} 至 {until}',
    'visitPass.scope': '仅限小区大门和{building}',
    'visitPass.scopeAnyBuilding': '仅限小区大门和被访住户所在的楼栋',
    'visitPass.qrFailed': '二维码无法显示（{error}），请把下面的号码给门岗看',
    'visitPass.code': '通行码',
  },
  en: {
    'visitPass.title': 'Visitor pass',
    'visitPass.show': 'At the gate, hold this QR code up to the scanner',
    'visitPass.valid': 'Valid from {from} until {until}',
    'visitPass.scope': 'The community gates and {building} only',
    'visitPass.scopeAnyBuilding': 'The community gates and your host’s building only',
    'visitPass.qrFailed': 'The QR code cannot be shown ({error}): show the code below to the gate staff',
    'visitPass.code': 'Pass code',
  },
}
