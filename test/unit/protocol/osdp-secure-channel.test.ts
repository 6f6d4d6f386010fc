import t from 'tap'
import {
  SCBK_D,
  clientCryptogram,
  computeMac,
  decryptData,
  deriveSessionKeys,
  encryptData,
  initialRmac,
  serverCryptogram,
} from '../../../protocol/osdp/secure-channel-crypto.js'
import {
  answerChallenge,
  checkClientCryptogram,
  checkServerCryptogram,
} from '../../../protocol/osdp/secure-channel-handshake.js'
import { SecureChannelSession } from '../../../protocol/osdp/secure-channel-session.js'
import { OsdpFrameDecoder } from '../../../protocol/osdp/osdp-frame-decoder.js'
import { fixture, loadHexFixtures } from '../../fakes/hex-fixtures.js'

const annexE = loadHexFixtures('osdp/annex-e-secure-channel.hex')
const rndA = fixture(annexE, 'rnd-a')
const rndB = fixture(annexE, 'rnd-b')

t.test('SCBK-D is the specification default install key', async (t) => {
  t.same(SCBK_D, fixture(annexE, 'scbk-d'))
})

t.test('derives the Annex E session keys', async (t) => {
  const keys = deriveSessionKeys(SCBK_D, rndA)
  t.same(keys.sMac1, fixture(annexE, 's-mac1'))
  t.same(keys.sMac2, fixture(annexE, 's-mac2'))
  t.same(keys.sEnc, fixture(annexE, 's-enc'))
})

t.test('computes the Annex E cryptograms and initial R-MAC', async (t) => {
  const keys = deriveSessionKeys(SCBK_D, rndA)
  t.same(clientCryptogram(keys, rndA, rndB), fixture(annexE, 'client-cryptogram'))
  t.same(serverCryptogram(keys, rndA, rndB), fixture(annexE, 'server-cryptogram'))
  t.same(initialRmac(keys, fixture(annexE, 'server-cryptogram')), fixture(annexE, 'r-mac-i'))
})

t.test('the handshake steps agree on both sides and reject a wrong key', async (t) => {
  const pd = answerChallenge(SCBK_D, rndA, rndB)
  t.same(pd.cryptogram, fixture(annexE, 'client-cryptogram'))
  const cp = checkClientCryptogram(SCBK_D, rndA, rndB, pd.cryptogram)
  if (!cp.ok) throw new Error('control panel rejected a good client cryptogram')
  t.same(cp.initialRmac, fixture(annexE, 'r-mac-i'))
  t.same(checkServerCryptogram(pd.keys, rndA, rndB, cp.serverCryptogram), { ok: true, initialRmac: cp.initialRmac })
  const otherKey = Buffer.alloc(16, 0x42)
  t.same(checkClientCryptogram(otherKey, rndA, rndB, pd.cryptogram), { ok: false, code: 'BAD_CLIENT_CRYPTOGRAM' })
  t.same(checkServerCryptogram(pd.keys, rndA, rndB, Buffer.alloc(16)), { ok: false, code: 'BAD_SERVER_CRYPTOGRAM' })
})

t.test('data encryption round-trips and uses the inverted MAC as IV', async (t) => {
  const keys = deriveSessionKeys(SCBK_D, rndA)
  const lastMac = fixture(annexE, 'r-mac-i')
  const data = Buffer.from('0102030405', 'hex')
  const ciphertext = encryptData(keys, lastMac, data)
  t.equal(ciphertext.length, 16)
  t.same(decryptData(keys, lastMac, ciphertext), { ok: true, data })
  const wrongIv = decryptData(keys, Buffer.alloc(16), ciphertext)
  t.not(wrongIv.ok && wrongIv.data.equals(data), true)
  t.same(decryptData(keys, lastMac, Buffer.alloc(15)), { ok: false, code: 'BAD_CIPHERTEXT' })
})

t.test('the MAC depends on every byte and on the chain IV', async (t) => {
  const keys = deriveSessionKeys(SCBK_D, rndA)
  const iv = fixture(annexE, 'r-mac-i')
  const message = Buffer.from('530d00150215600000000000000000000000000001', 'hex')
  const mac = computeMac(keys, iv, message)
  const flipped = Buffer.from(message)
  flipped[3] = flipped[3]! ^ 1
  t.not(computeMac(keys, iv, flipped).toString('hex'), mac.toString('hex'))
  t.not(computeMac(keys, Buffer.alloc(16), message).toString('hex'), mac.toString('hex'))
  t.equal(computeMac(keys, iv, Buffer.alloc(32)).length, 16)
})

function sessionPair() {
  const keys = deriveSessionKeys(SCBK_D, rndA)
  const rmac = fixture(annexE, 'r-mac-i')
  return { cp: new SecureChannelSession(keys, rmac), pd: new SecureChannelSession(keys, rmac) }
}

const addressing = { address: 0x65, sequence: 1, integrity: 'crc', hasMark: true } as const

function decode(bytes: Buffer) {
  const frame = new OsdpFrameDecoder().push(bytes, 0).frames[0]
  if (frame === undefined) throw new Error('sealed packet did not decode')
  return frame
}

t.test('a sealed command and reply chain MACs in both directions', async (t) => {
  const { cp, pd } = sessionPair()
  for (let round = 0; round < 5; round++) {
    const command = decode(cp.sealCommand({ code: 0x69, data: Buffer.alloc(14, round) }, addressing))
    t.equal(command.securityBlock?.type, 0x17)
    t.same(pd.openCommand(command), { ok: true, value: { code: 0x69, data: Buffer.alloc(14, round) } })
    const reply = decode(pd.sealReply({ code: 0x40, data: Buffer.alloc(0) }, addressing))
    t.equal(reply.securityBlock?.type, 0x16)
    t.same(cp.openReply(reply), { ok: true, value: { code: 0x40, data: Buffer.alloc(0) } })
  }
})

t.test('encrypted data is not readable on the wire', async (t) => {
  const { cp } = sessionPair()
  const secret = Buffer.from('SECRET-KEY-MATERIAL')
  const bytes = cp.sealCommand({ code: 0x75, data: secret }, addressing)
  t.equal(bytes.includes(secret), false)
})

t.test('a tampered, replayed or plaintext packet is refused', async (t) => {
  const { cp, pd } = sessionPair()
  const sealed = cp.sealCommand({ code: 0x60, data: Buffer.alloc(0) }, addressing)
  const frame = decode(sealed)
  const tampered = { ...frame, macInput: Buffer.from(frame.macInput) }
  tampered.macInput[1] = tampered.macInput[1]! ^ 0x01
  t.match(pd.openCommand(tampered), { ok: false, code: 'BAD_MAC' })
  t.match(pd.openCommand(frame), { ok: true })
  pd.sealReply({ code: 0x40, data: Buffer.alloc(0) }, addressing)
  t.match(pd.openCommand(frame), { ok: false, code: 'BAD_MAC' }, 'once the PD has replied, a replay fails')
  const plain = { ...frame, securityBlock: undefined }
  t.match(pd.openCommand(plain), { ok: false, code: 'NOT_SECURE' })
  t.match(cp.openReply(frame), { ok: false, code: 'NOT_SECURE' }, 'a command is not accepted as a reply')
})
