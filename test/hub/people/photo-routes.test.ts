import t from 'tap'
import { startPeopleApp } from '../../fakes/hub-people-app.js'

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rest of a jpeg')])

t.test('a raw upload is stored, served back with its type, and tells the policy', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const upload = await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: PNG })
  t.equal(upload.statusCode, 200, upload.body)
  const { photoId } = upload.json<{ photoId: string }>()
  t.equal(rig.repositories.persons.get(person)!.photoId, photoId)
  t.same(rig.policyChanges, ['photo changed'])
  for (const url of [`/api/persons/${person}/photo`, `/api/photos/${photoId}`]) {
    const served = await rig.inject('gateStaff', { method: 'GET', url })
    t.equal(served.statusCode, 200)
    t.equal(served.headers['content-type'], 'image/png')
    t.equal(served.headers['x-content-type-options'], 'nosniff')
    t.same(served.rawPayload, PNG)
  }
  t.equal((await rig.inject('resident', { method: 'GET', url: `/api/persons/${person}/photo` })).statusCode, 200, 'their own household')
  t.equal((await rig.inject('landlord2', { method: 'GET', url: `/api/photos/${photoId}` })).json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject(null, { method: 'GET', url: `/api/photos/${photoId}` })).statusCode, 401)
})

t.test('a base64 upload replaces the previous photo', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const first = await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: PNG })
  const second = await rig.inject('gridManager1', {
    method: 'POST',
    url: `/api/persons/${person}/photo/base64`,
    payload: { contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') },
  })
  t.equal(second.statusCode, 200, second.body)
  t.equal(rig.repositories.photos.get(first.json().photoId), null, 'the old photo is gone')
  t.equal((await rig.inject('admin', { method: 'GET', url: `/api/persons/${person}/photo` })).headers['content-type'], 'image/jpeg')
  t.same(rig.auditActions(), ['person.photo-changed', 'person.photo-changed'])
})

t.test('bytes that are not what the content type says are refused and nothing changes', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const html = Buffer.from('<script>alert(1)</script>')
  const raw = await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/jpeg' }, payload: html })
  t.equal(raw.statusCode, 400)
  t.equal(raw.json().error.code, 'PHOTO_CONTENT_MISMATCH')
  const base64 = await rig.inject('admin', { method: 'POST', url: `/api/persons/${person}/photo/base64`, payload: { contentType: 'image/png', dataBase64: JPEG.toString('base64') } })
  t.equal(base64.json().error.code, 'PHOTO_CONTENT_MISMATCH')
  const gif = await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/gif' }, payload: Buffer.from('GIF89a') })
  t.equal(gif.statusCode, 415)
  t.equal(gif.json().error.code, 'PHOTO_TYPE_NOT_SUPPORTED')
  t.equal(rig.repositories.persons.get(person)!.photoId, null)
  t.same(rig.auditActions(), [])
  t.same(rig.policyChanges, [])
})

t.test('photos over the size limit are refused with PHOTO_TOO_LARGE', async (t) => {
  const rig = await startPeopleApp(t, { photoMaxBytes: 1024 })
  const person = rig.community.ownerIds[0]!
  const big = Buffer.concat([PNG, Buffer.alloc(2048)])
  const raw = await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: big })
  t.equal(raw.statusCode, 413)
  t.equal(raw.json().error.code, 'PHOTO_TOO_LARGE')
  const base64 = await rig.inject('admin', { method: 'POST', url: `/api/persons/${person}/photo/base64`, payload: { contentType: 'image/png', dataBase64: big.toString('base64') } })
  t.equal(base64.statusCode, 413)
  t.equal(base64.json().error.code, 'PHOTO_TOO_LARGE')
})

t.test('only the admin and the grid manager of the person upload or remove photos', async (t) => {
  const rig = await startPeopleApp(t)
  const person = rig.community.ownerIds[0]!
  const asGateStaff = await rig.inject('gateStaff', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: PNG })
  t.equal(asGateStaff.statusCode, 403)
  const otherGrid = await rig.inject('gridManager2', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: PNG })
  t.equal(otherGrid.json().error.code, 'OUT_OF_SCOPE')
  t.equal((await rig.inject('admin', { method: 'DELETE', url: `/api/persons/${person}/photo` })).json().error.code, 'PHOTO_NOT_FOUND')
  await rig.inject('admin', { method: 'PUT', url: `/api/persons/${person}/photo`, headers: { 'content-type': 'image/png' }, payload: PNG })
  t.equal((await rig.inject('gridManager1', { method: 'DELETE', url: `/api/persons/${person}/photo` })).statusCode, 200)
  t.equal((await rig.inject('admin', { method: 'GET', url: `/api/persons/${person}/photo` })).json().error.code, 'PHOTO_NOT_FOUND')
})
