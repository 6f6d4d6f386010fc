import { Type, type Static } from '@sinclair/typebox'
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import type { Caller } from '../../../domain/caller.js'
import { maskPersonalData } from '../../../domain/people/mask-personal-data.js'
import { photoFormatOf } from '../../../domain/people/photo-format.js'
import { newId } from '../../../domain/new-id.js'
import { PHOTO_CONTENT_TYPES, type PhotoContentType, type PhotoRecord } from '../../sqlite/people/photo-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { HubHttpError } from '../hub-http-error.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { invalid, missing, outOfScope } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { idParams, OkResponse } from '../people/people-schemas.js'
import { viewerOf } from '../people/person-view-schema.js'
import { requireCaller } from '../require-caller.js'
import { existingPerson, managedPerson } from './person-routes.js'

/** Photos are served as the image bytes they were uploaded as (OpenAPI: a binary body). */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
const PhotoBytes = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })

export const DEFAULT_PHOTO_MAX_BYTES = 512 * 1024

const PersonParams = idParams('personId')
const PhotoParams = idParams('photoId')
const Base64PhotoBody = Type.Object(
  {
    contentType: Type.Union(PHOTO_CONTENT_TYPES.map((type) => Type.Literal(type)), { description: 'What the image is; checked against its bytes.' }),
    dataBase64: Type.String({ minLength: 4, pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'The image, base64 (standard alphabet).' }),
  },
  { additionalProperties: false },
)
const PhotoSaved = Type.Object({ photoId: Type.String() }, { description: 'The new current photo.' })

/**
 * Photos: uploaded by the admin or the person's grid manager as a raw image body (PUT, with its
 * content type) or base64 JSON (POST …/photo/base64); the bytes must be what the content type
 * says and at most `photoMaxBytes`. Served back with their content type to whoever may see the
 * person (gate staff included: the visual check). The photo id is in the edges' policy, so a
 * change tells the policy distributor.
 */
export function photoRoutes(deps: PeopleRouteDeps): HubRoutes {
  const maxBytes = deps.photoMaxBytes ?? DEFAULT_PHOTO_MAX_BYTES
  const { persons, photos } = deps.repositories

  const save = (caller: Caller, personId: string, declared: PhotoContentType, bytes: Buffer) => {
    if (bytes.length === 0) throw invalid('PHOTO_EMPTY', 'the photo is empty')
    if (bytes.length > maxBytes) throw photoTooLarge(maxBytes)
    if (photoFormatOf(bytes) !== declared) throw invalid('PHOTO_CONTENT_MISMATCH', `the bytes are not a ${declared} image`)
    return commitPeopleChange(deps, caller, (change) => {
      const person = managedPerson(deps, caller, personId)
      const photoId = newId('pho')
      const { replacedPhotoId } = photos.replace({ id: photoId, personId: person.id, contentType: declared, bytes }, change.nowMs)
      change.audit('person.photo-changed', { kind: 'person', id: person.id }, { photoId, replacedPhotoId, contentType: declared, bytes: bytes.length })
      change.affectsAccess('photo changed')
      return { photoId }
    })
  }
  const send = (caller: Caller, reply: FastifyReply, photo: PhotoRecord) => {
    const person = existingPerson(deps, photo.personId)
    if (maskPersonalData(viewerOf(caller, persons), person) === null) throw outOfScope('this person is outside your scope')
    return reply
      .header('content-type', photo.contentType)
      .header('cache-control', 'private, max-age=86400, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(photo.bytes)
  }
  const seeingRoles = ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'] as const

  return (app: FastifyInstance) => {
    app.register(async (scope) => {
      scope.addContentTypeParser([...PHOTO_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body))
      scope.setErrorHandler((error: FastifyError) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw photoTooLarge(maxBytes)
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new HubHttpError(415, 'PHOTO_TYPE_NOT_SUPPORTED', `send ${PHOTO_CONTENT_TYPES.join(', ')}`)
        throw error
      })
      scope.put<{ Params: Static<typeof PersonParams> }>(
        '/api/persons/:personId/photo',
        { schema: { tags: ['people'], summary: 'Upload a photo as the raw image body (image/jpeg, image/png or image/webp)', params: PersonParams, response: { 200: PhotoSaved } } },
        async (request) => {
          const caller = requireCaller(request, ['admin', 'grid-manager'])
          const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim() as PhotoContentType
          if (!Buffer.isBuffer(request.body)) throw new HubHttpError(415, 'PHOTO_TYPE_NOT_SUPPORTED', `send ${PHOTO_CONTENT_TYPES.join(', ')}`)
          return save(caller, request.params.personId, declared, request.body)
        },
      )
    })

    app.post<{ Params: Static<typeof PersonParams>; Body: Static<typeof Base64PhotoBody> }>(
      '/api/persons/:personId/photo/base64',
      { schema: { tags: ['people'], summary: 'Upload a photo as base64 JSON', params: PersonParams, body: Base64PhotoBody, response: { 200: PhotoSaved } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        return save(caller, request.params.personId, request.body.contentType, Buffer.from(request.body.dataBase64, 'base64'))
      },
    )

    app.get<{ Params: Static<typeof PersonParams> }>(
      '/api/persons/:personId/photo',
      { schema: { tags: ['people'], summary: "A person's current photo (image bytes)", params: PersonParams, produces: PHOTO_TYPES, response: { 200: PhotoBytes } } },
      async (request, reply) => {
        const caller = requireCaller(request, seeingRoles)
        const person = existingPerson(deps, request.params.personId)
        const photo = person.photoId === null ? null : photos.get(person.photoId)
        if (photo === null) throw missing('PHOTO_NOT_FOUND', 'this person has no photo')
        return send(caller, reply, photo)
      },
    )

    app.get<{ Params: Static<typeof PhotoParams> }>(
      '/api/photos/:photoId',
      { schema: { tags: ['people'], summary: 'A photo by id, as the policy names it (image bytes)', params: PhotoParams, produces: PHOTO_TYPES, response: { 200: PhotoBytes } } },
      async (request, reply) => {
        const caller = requireCaller(request, seeingRoles)
        const photo = photos.get(request.params.photoId)
        if (photo === null) throw missing('PHOTO_NOT_FOUND', `no photo ${request.params.photoId}`)
        return send(caller, reply, photo)
      },
    )

    app.delete<{ Params: Static<typeof PersonParams> }>(
      '/api/persons/:personId/photo',
      { schema: { tags: ['people'], summary: "Remove a person's photo", params: PersonParams, response: { 200: OkResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin', 'grid-manager'])
        commitPeopleChange(deps, caller, (change) => {
          const person = managedPerson(deps, caller, request.params.personId)
          const removed = photos.remove(person.id, change.nowMs)
          if (removed === null) throw missing('PHOTO_NOT_FOUND', 'this person has no photo')
          change.audit('person.photo-removed', { kind: 'person', id: person.id }, { photoId: removed })
          change.affectsAccess('photo changed')
        })
        return { ok: true as const }
      },
    )
  }
}

function photoTooLarge(maxBytes: number): HubHttpError {
  return new HubHttpError(413, 'PHOTO_TOO_LARGE', `a photo is at most ${Math.floor(maxBytes / 1024)} KiB`)
}
