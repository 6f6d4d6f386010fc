/**
 * The kiosk page: large type and strong colours an elderly volunteer can read from two metres,
 * the outcome in words (Chinese, then English) as well as colour, and nothing fetched from the
 * internet. One card per door; the page follows the server's event stream and reconnects itself.
 */
export const KIOSK_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse 卡点</title>
<style>
  :root { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", system-ui, sans-serif; }
  body { margin: 0; background: #111; color: #fff; }
  main { display: grid; gap: 12px; padding: 12px; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
  .door { border-radius: 16px; padding: 24px; min-height: 60vh; display: flex; flex-direction: column; gap: 12px; background: #333; }
  .door[data-phase="decided"][data-granted="true"] { background: #0a6b2b; }
  .door[data-phase="decided"][data-granted="false"] { background: #a3151b; }
  .door[data-phase="measuring"], .door[data-phase="re-measuring"], .door[data-phase="identified"] { background: #8a5a00; }
  .door h1 { margin: 0; font-size: 28px; opacity: .8; }
  .who { font-size: 56px; font-weight: 700; }
  .temp { font-size: 72px; font-weight: 700; }
  .zh { font-size: 64px; font-weight: 700; line-height: 1.15; }
  .en { font-size: 32px; opacity: .9; }
  img.photo { width: 180px; height: 220px; object-fit: cover; border-radius: 12px; background: #222; }
  footer { padding: 8px 16px; font-size: 20px; background: #000; }
  footer .bad { color: #ff6b6b; font-weight: 700; }
</style>
</head>
<body>
<main id="doors"></main>
<footer id="health">连接中… Connecting…</footer>
<script src="/kiosk.js"></script>
</body>
</html>`

export const KIOSK_PAGE_SCRIPT = `'use strict'
const doors = document.getElementById('doors')
const footer = document.getElementById('health')
const PHASE_TEXT = {
  idle: ['请刷卡或出示通行码', 'Please show your card or pass'],
  identified: ['请测量体温', 'Please take your temperature'],
  measuring: ['正在测温…', 'Measuring…'],
  're-measuring': ['请再测一次', 'Measuring again'],
}
function card(doorId) {
  let element = document.querySelector('[data-door="' + CSS.escape(doorId) + '"]')
  if (!element) {
    element = document.createElement('section')
    element.className = 'door'
    element.dataset.door = doorId
    element.innerHTML = '<h1></h1><img class="photo" alt="" hidden><div class="who"></div><div class="temp"></div><div class="zh"></div><div class="en"></div>'
    element.querySelector('h1').textContent = doorId
    doors.appendChild(element)
  }
  return element
}
function render(screen) {
  const element = card(screen.doorId)
  element.dataset.phase = screen.phase
  element.dataset.granted = screen.decision ? String(screen.decision.granted) : ''
  const photo = element.querySelector('.photo')
  photo.hidden = !screen.photoUrl
  if (screen.photoUrl) photo.src = screen.photoUrl
  element.querySelector('.who').textContent = screen.personName || ''
  element.querySelector('.temp').textContent = screen.temperature ? screen.temperature.celsius.toFixed(1) + ' °C' : ''
  const text = screen.decision ? [screen.decision.text.zh, screen.decision.text.en] : PHASE_TEXT[screen.phase] || ['', '']
  element.querySelector('.zh').textContent = text[0]
  element.querySelector('.en').textContent = text[1]
}
function connect() {
  const stream = new EventSource('/api/screens/stream')
  stream.onopen = () => { footer.textContent = '在线 Online'; footer.className = '' }
  stream.onmessage = (message) => render(JSON.parse(message.data))
  stream.onerror = () => { footer.textContent = '与门禁主机断开，重连中… Reconnecting…'; footer.className = 'bad' }
}
connect()
`
