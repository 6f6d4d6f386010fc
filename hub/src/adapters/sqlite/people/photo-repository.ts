import type BetterSqlite3 from 'better-sqlite3'

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number]

export interface PhotoRecord {
  readonly id: string
  readonly personId: string
  readonly contentType: PhotoContentType
  readonly bytes: Buffer
  readonly createdAtMs: number
}

/** A person's photo (one current photo each; a new one replaces the old). */
export class PhotoRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(id: string): PhotoRecord | null {
    return (
      (this.#connection
        .prepare('SELECT id, person_id AS personId, content_type AS contentType, bytes, created_at_ms AS createdAtMs FROM photos WHERE id = ?')
        .get(id) as PhotoRecord | undefined) ?? null
    )
  }

  /** Stores the photo as the person's current one and deletes the one it replaces. */
  replace(photo: { id: string; personId: string; contentType: PhotoContentType; bytes: Buffer }, nowMs: number): { replacedPhotoId: string | null } {
    const replacedPhotoId = (this.#connection.prepare('SELECT photo_id FROM persons WHERE id = ?').pluck().get(photo.personId) as string | null) ?? null
    this.#connection
      .prepare('INSERT INTO photos (id, person_id, content_type, bytes, created_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(photo.id, photo.personId, photo.contentType, photo.bytes, nowMs)
    this.#connection.prepare('UPDATE persons SET photo_id = ?, updated_at_ms = ? WHERE id = ?').run(photo.id, nowMs, photo.personId)
    if (replacedPhotoId !== null) this.#connection.prepare('DELETE FROM photos WHERE id = ?').run(replacedPhotoId)
    return { replacedPhotoId }
  }

  /** Removes the person's photo; returns the removed id, or null if they had none. */
  remove(personId: string, nowMs: number): string | null {
    const photoId = (this.#connection.prepare('SELECT photo_id FROM persons WHERE id = ?').pluck().get(personId) as string | null) ?? null
    this.#connection.prepare('UPDATE persons SET photo_id = NULL, updated_at_ms = ? WHERE id = ?').run(nowMs, personId)
    this.#connection.prepare('DELETE FROM photos WHERE person_id = ?').run(personId)
    return photoId
  }
}
