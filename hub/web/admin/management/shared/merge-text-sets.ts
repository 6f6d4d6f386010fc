import type { TextSet } from '../../../shared/i18n.js'

/** One module's texts from several sets (its own, the credentials' it shows, the area's shared codes). */
export function mergeTextSets(...sets: readonly TextSet[]): TextSet {
  return {
    zh: Object.assign({}, ...sets.map((set) => set.zh)) as TextSet['zh'],
    en: Object.assign({}, ...sets.map((set) => set.en)) as TextSet['en'],
  }
}
