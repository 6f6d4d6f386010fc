import type { DenyReason, GrantReason } from '../../../protocol/mqtt/messages/access-event.js'

export interface BilingualText {
  readonly zh: string
  readonly en: string
}

/**
 * What the kiosk screen says for each outcome, in plain words for a volunteer at the gate and the
 * person in front of it. Chinese first (the community's language), English below.
 */
export const REASON_TEXTS: Record<GrantReason | DenyReason, BilingualText> = {
  GRANTED: { zh: '请通行', en: 'Please go ahead' },
  MANUAL_OVERRIDE: { zh: '工作人员已放行', en: 'Opened by staff' },
  MEDICAL_EXCEPTION: { zh: '就医放行（已登记）', en: 'Medical exception (logged)' },
  UNKNOWN_CREDENTIAL: { zh: '卡未登记，请到值守点登记', en: 'Card not registered: please see the staff' },
  REVOKED: { zh: '此卡已注销', en: 'This card has been revoked' },
  EXPIRED: { zh: '通行证已过期', en: 'This pass has expired' },
  NOT_YET_VALID: { zh: '通行证尚未生效', en: 'This pass is not valid yet' },
  OUTSIDE_SCHEDULE: { zh: '不在允许通行时段', en: 'Not allowed at this time' },
  DOOR_NOT_PERMITTED: { zh: '无此门通行权限', en: 'No access to this door' },
  QUARANTINED: { zh: '居家观察期间请勿外出', en: 'Under home observation: please stay home' },
  BUILDING_LOCKDOWN: { zh: '本楼栋封闭管理中', en: 'This building is sealed' },
  DOOR_LOCKED_BY_COMMAND: { zh: '此门已被管理处锁闭，请找工作人员', en: 'This door is locked by the office: please see the staff' },
  ANTI_PASSBACK: { zh: '该通行证已在内，不能重复进入', en: 'This pass is already inside' },
  PASS_HOLDER_MISMATCH: { zh: '持证人与通行证不符', en: 'Pass does not match its holder' },
  VISITOR_SCOPE: { zh: '访客仅限大门和被访楼栋', en: 'Visitors: main gate and host building only' },
  FEVER: { zh: '体温异常，请到复测点', en: 'High temperature: please see the staff' },
  TEMPERATURE_REQUIRED: { zh: '请先测量体温', en: 'Please take your temperature first' },
  POLICY_STALE: { zh: '系统离线过久，请找工作人员', en: 'System offline too long: please see the staff' },
  CLOCK_UNTRUSTED: { zh: '系统时间异常，请找工作人员', en: 'System clock not trusted: please see the staff' },
  REPLAYED: { zh: '二维码已使用，请刷新', en: 'Code already used: please refresh it' },
}

/** A TEMPERATURE_REQUIRED refusal because the thermometer is out of order: what to do instead. */
export const THERMOMETER_OFFLINE_TEXTS: Record<'thermometer-offline' | 'use-assisted-lane', BilingualText> = {
  'thermometer-offline': { zh: '测温设备故障，请找工作人员测量体温', en: 'Thermometer out of order: please see the staff to be measured' },
  'use-assisted-lane': { zh: '测温设备故障，请走人工通道', en: 'Thermometer out of order: please use the assisted lane' },
}
