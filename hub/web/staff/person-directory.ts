import type { ApiClient } from '../shared/api-client.js'
import { h } from '../shared/dom.js'
import type { I18n } from '../shared/i18n.js'

/** A person as gate staff see them (GET /api/persons/:id, "identity"): who, where they live, their photo. */
export interface StaffPersonView {
  readonly id: string
  readonly displayName: string
  readonly role: string
  readonly status: string
  readonly photoId: string | null
  readonly buildingName: string | null
  readonly unitName: string | null
  readonly room: string | null
}

/**
 * People the queue has shown, looked up once each: the same resident passes twice a day, and a
 * cheap phone should not ask the hub again every time. A person the hub does not find is
 * remembered as unknown.
 */
export class PersonDirectory {
  readonly #api: ApiClient
  readonly #people = new Map<string, Promise<StaffPersonView | null>>()

  constructor(api: ApiClient) {
    this.#api = api
  }

  get(personId: string): Promise<StaffPersonView | null> {
    let person = this.#people.get(personId)
    if (person === undefined) {
      person = this.#api.get<StaffPersonView>(`/api/persons/${encodeURIComponent(personId)}`).catch(() => null)
      this.#people.set(personId, person)
    }
    return person
  }
}

/** "3号楼 2单元 301": where a person lives, or empty. */
export function placeOf(person: Pick<StaffPersonView, 'buildingName' | 'unitName' | 'room'> | null): string {
  if (person === null) return ''
  return [person.buildingName, person.unitName, person.room].filter((part) => part !== null && part !== '').join(' ')
}

/** The person's photo, or a plain tile with their name's first character (no photo on file). */
export function personPhoto(i18n: I18n, name: string, photoId: string | null, className = 'staff-photo'): HTMLElement {
  if (photoId === null) return h('div', { class: `${className} no-photo`, 'aria-hidden': 'true' }, [...name][0] ?? '?')
  return h('img', { class: className, src: `/api/photos/${encodeURIComponent(photoId)}`, alt: i18n.t('staff.queue.photoAlt', { name }) })
}
