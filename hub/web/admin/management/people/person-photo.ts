import { ApiError } from '../../../shared/api-client.js'
import { h, replaceChildren } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { refusalView } from '../shared/screen-frame.js'
import type { PersonView } from './people-views.js'
import { shrinkPhoto } from './shrink-photo.js'

/**
 * The person's photo (what gate staff compare faces with) and, for those who may change it,
 * "take a photo" (the phone's camera) and "choose a file", uploaded as the raw image
 * (PUT /api/persons/:id/photo) after shrinking; and removing it.
 */
export function personPhoto(context: ScreenContext, person: PersonView, mayChange: boolean, onChanged: () => void): HTMLElement {
  const { i18n, api } = context
  const message = h('div', { class: 'photo-message', 'aria-live': 'polite' })
  const upload = async (file: File | undefined) => {
    if (file === undefined) return
    replaceChildren(message, h('p', { class: 'muted' }, i18n.t('state.saving')))
    try {
      const photo = await shrinkPhoto(file)
      await api.put(`/api/persons/${encodeURIComponent(person.id)}/photo`, photo)
      showToast(i18n.t('people.photo.saved'))
      onChanged()
    } catch (error) {
      replaceChildren(message, error instanceof ApiError ? refusalView(i18n, error) : h('p', { class: 'form-error', role: 'alert', 'data-refusal': 'UNREADABLE_PHOTO' }, i18n.t('people.photo.unreadable')))
    }
  }
  const picker = (label: string, name: string, capture: string | null) =>
    h(
      'label',
      { class: 'button file-button' },
      label,
      h('input', { type: 'file', accept: 'image/*', capture, name, class: 'visually-hidden', onchange: (event: Event) => void upload((event.target as HTMLInputElement).files?.[0]) }),
    )
  const image =
    person.photoId === null
      ? h('div', { class: 'photo placeholder', 'data-photo': 'none' }, i18n.t('people.photo.none'))
      : h('img', { class: 'photo', src: `/api/photos/${encodeURIComponent(person.photoId)}`, alt: i18n.t('people.photo.of', { name: person.displayName }), 'data-photo': person.photoId })
  const remove = () =>
    openFormDialog(i18n, {
      name: 'remove-photo',
      title: 'people.photo.remove',
      intro: h('p', {}, i18n.t('people.photo.removeIntro', { name: person.displayName })),
      fields: [],
      submitLabel: 'people.photo.remove',
      onSubmit: async () => {
        await api.delete(`/api/persons/${encodeURIComponent(person.id)}/photo`)
        onChanged()
      },
    })
  return h(
    'div',
    { class: 'person-photo' },
    image,
    mayChange
      ? h(
          'div',
          { class: 'photo-actions' },
          picker(i18n.t('people.photo.take'), 'camera', 'environment'),
          picker(i18n.t('people.photo.choose'), 'photo', null),
          person.photoId === null ? null : h('button', { type: 'button', class: 'quiet', onclick: remove }, i18n.t('people.photo.remove')),
        )
      : null,
    message,
  )
}
