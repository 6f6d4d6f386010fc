import { h, replaceChildren } from '../shared/dom.js'
import type { I18n } from '../shared/i18n.js'
import { qrCodeMatrix, qrCodeSvgPath } from '../shared/qr-code.js'
import type { ScreenContext } from '../shared/screen-module.js'
import { loadPhoneKey, signWith, type StoredPhoneKey } from './phone-keystore.js'
import { phoneQrLine } from './phone-signing.js'

/** A new code this often; the edge accepts one for ±30 s of its time and only once. */
export const PASS_CODE_REFRESH_MS = 5_000
/** Quiet zone in modules around the code (ISO/IEC 18004 §6.3.8 asks for 4). */
const QUIET_ZONE = 4
const SVG = 'http://www.w3.org/2000/svg'

/** The pass code screen inside the app (signed in, online or not). */
export async function passCodeScreen(context: ScreenContext): Promise<void> {
  context.shell.show(await passCodeView(context.i18n, !navigator.onLine))
}

/**
 * The dynamic QR code for the kiosk's scanner when the phone has no signal: the GH1 line signed by
 * the phone's key with the phone's clock, drawn large, renewed every few seconds while shown.
 * Needs nothing from the network (the key is in IndexedDB).
 */
export async function passCodeView(i18n: I18n, isOffline: boolean): Promise<HTMLElement> {
  const key = await loadPhoneKey()
  if (key === null) return h('section', { 'data-screen': 'pass-code', class: 'phone-screen' }, h('h1', {}, i18n.t('phone.pass.title')), h('p', { class: 'notice' }, i18n.t('phone.pass.noKey')))
  const frame = h('div', { class: 'pass-code' })
  const countdown = h('p', { class: 'muted pass-countdown' })
  const section = h(
    'section',
    { 'data-screen': 'pass-code', class: 'phone-screen' },
    h('h1', {}, i18n.t('phone.pass.title')),
    isOffline ? h('p', { class: 'notice', 'data-offline': '' }, i18n.t('phone.pass.offline')) : null,
    frame,
    countdown,
    h('p', {}, i18n.t('phone.pass.intro')),
  )
  let renewAtMs = 0
  const draw = async (): Promise<void> => {
    const nowMs = Date.now()
    renewAtMs = nowMs + PASS_CODE_REFRESH_MS
    replaceChildren(frame, await passCodeSvg(key, nowMs))
  }
  const tick = (): void => {
    if (!section.isConnected && renewAtMs !== 0) {
      clearInterval(timer)
      return
    }
    const leftMs = renewAtMs - Date.now()
    if (leftMs <= 0) void draw()
    countdown.textContent = i18n.t('phone.pass.refresh', { seconds: Math.max(1, Math.ceil(leftMs / 1000)) })
  }
  const timer = setInterval(tick, 1000)
  await draw()
  tick()
  return section
}

async function passCodeSvg(key: StoredPhoneKey, nowMs: number): Promise<SVGSVGElement> {
  const line = await phoneQrLine(key.keyId, nowMs, (bytes) => signWith(key.privateKey, bytes))
  // Level M: a phone screen may be scratched or glare; the line fits version 8 or so.
  const matrix = qrCodeMatrix(line, { ecc: 'M' })
  const side = matrix.size + QUIET_ZONE * 2
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`)
  svg.setAttribute('class', 'qr-code')
  svg.setAttribute('role', 'img')
  svg.setAttribute('shape-rendering', 'crispEdges')
  svg.setAttribute('data-qr-size', String(matrix.size))
  svg.setAttribute('data-qr-margin', String(QUIET_ZONE))
  svg.setAttribute('data-issued-at', String(Math.floor(nowMs / 1000)))
  const background = document.createElementNS(SVG, 'rect')
  background.setAttribute('width', String(side))
  background.setAttribute('height', String(side))
  background.setAttribute('fill', '#fff')
  const modules = document.createElementNS(SVG, 'path')
  modules.setAttribute('d', qrCodeSvgPath(matrix, QUIET_ZONE))
  modules.setAttribute('fill', '#000')
  svg.append(background, modules)
  return svg
}
