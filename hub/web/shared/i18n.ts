export const LANGS = ['zh', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** One language's texts by key; `{name}` placeholders are filled from params. */
export type Texts = Readonly<Record<string, string>>
export interface TextSet {
  readonly zh: Texts
  readonly en: Texts
}

const STORAGE_KEY = 'gatehouse.lang'

/**
 * The two browser objects this file touches, typed here rather than from the DOM library: texts
 * and the words built from them are unit-tested under Node, which type-checks this file too.
 */
interface BrowserGlobals {
  readonly localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }
  readonly document?: { readonly documentElement: { lang: string } }
}
const browser = globalThis as unknown as BrowserGlobals

function storedLang(): Lang {
  try {
    const stored = browser.localStorage?.getItem(STORAGE_KEY) ?? null
    return stored === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

/**
 * The page's language: Chinese by default, English when the person switched (remembered on
 * this device). `t(key)` falls back to the other language, then to the key itself, so a missing
 * text shows up in review instead of as an empty label.
 */
export class I18n {
  #lang: Lang = storedLang()
  readonly #texts: TextSet
  readonly #listeners = new Set<(lang: Lang) => void>()

  constructor(...sets: readonly TextSet[]) {
    this.#texts = {
      zh: Object.assign({}, ...sets.map((set) => set.zh)) as Texts,
      en: Object.assign({}, ...sets.map((set) => set.en)) as Texts,
    }
  }

  get lang(): Lang {
    return this.#lang
  }

  has(key: string): boolean {
    return key in this.#texts[this.#lang]
  }

  t(key: string, params: Readonly<Record<string, string | number>> = {}): string {
    const template = this.#texts[this.#lang][key] ?? this.#texts[this.#lang === 'zh' ? 'en' : 'zh'][key] ?? key
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
  }

  setLang(lang: Lang): void {
    if (lang === this.#lang) return
    this.#lang = lang
    try {
      browser.localStorage?.setItem(STORAGE_KEY, lang)
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    if (browser.document !== undefined) browser.document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
    for (const listener of this.#listeners) listener(lang)
  }

  onChange(listener: (lang: Lang) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
