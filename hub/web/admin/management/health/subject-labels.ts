import type { ApiClient } from '../../../shared/api-client.js'
import { homeText } from '../people/people-views.js'
import type { ObservationSubjectKind } from './health-views.js'

/**
 * Names for what orders are on: a person's name, a household's "3号楼 2单元 502", a building's
 * name — each looked up once. What this account may not read keeps its id.
 */
export async function subjectLabels(api: ApiClient, subjects: readonly { readonly subjectKind: ObservationSubjectKind | 'building'; readonly subjectId: string }[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>()
  const needs = (kind: string) => subjects.some((subject) => subject.subjectKind === kind)
  if (needs('building')) {
    try {
      for (const building of (await api.get<{ items: { id: string; name: string }[] }>('/api/buildings')).items) labels.set(building.id, building.name)
    } catch {
      // Shown by id.
    }
  }
  const lookups = subjects
    .filter((subject, index) => subject.subjectKind !== 'building' && subjects.findIndex((other) => other.subjectId === subject.subjectId) === index)
    .map(async (subject) => {
      try {
        if (subject.subjectKind === 'person') labels.set(subject.subjectId, (await api.get<{ displayName: string }>(`/api/persons/${encodeURIComponent(subject.subjectId)}`)).displayName)
        else labels.set(subject.subjectId, homeText(await api.get<{ buildingName: string; unitName: string; room: string }>(`/api/households/${encodeURIComponent(subject.subjectId)}`)))
      } catch {
        // Shown by id.
      }
    })
  await Promise.all(lookups)
  return labels
}

/** Where the subject's own page is, for a link. */
export function subjectLink(kind: ObservationSubjectKind, id: string): string {
  return kind === 'person' ? `#/residents/${id}` : kind === 'household' ? `#/places/households/${id}` : `#/places/buildings/${id}`
}
