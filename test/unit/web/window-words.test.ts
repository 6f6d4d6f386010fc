/**
 * Schedule windows in the edge's grammar ("mon-fri 07:00-22:00") said in words a person reads,
 * in Chinese and English, parsed by the edge's own parser (protocol/policy/schedule-window.ts).
 */
import t from 'tap'

type Params = Readonly<Record<string, string | number>>
interface Words {
  windowInWords(i18n: { t(key: string, params?: Params): string }, text: string): string
  badWindowLines(text: string): string[] | null
  windowLines(text: string): string[]
}
type Texts = Readonly<Record<string, string>>

/** Browser modules (hub/web) are loaded by path so the DOM-typed code stays out of the Node program. */
const load = async <T>(path: string): Promise<T> => (await import(new URL(`../../../${path}`, import.meta.url).href)) as T
const words = await load<Words>('hub/web/admin/management/access/window-words.ts')
const { ACCESS_TEXTS } = await load<{ ACCESS_TEXTS: { zh: Texts; en: Texts } }>('hub/web/admin/management/access/access-texts.ts')

/** The page's I18n in miniature: a template per key with {params}. */
function reader(texts: Texts) {
  return { t: (key: string, params: Params = {}) => (texts[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) }
}
const zh = reader(ACCESS_TEXTS.zh)
const en = reader(ACCESS_TEXTS.en)

t.test('weekday, weekend and daily windows read as days and hours', async (t) => {
  t.equal(words.windowInWords(zh, 'mon-fri 07:00-22:00'), '周一至周五 07:00–22:00')
  t.equal(words.windowInWords(en, 'mon-fri 07:00-22:00'), 'Mon–Fri 07:00–22:00')
  t.equal(words.windowInWords(zh, 'sat,sun 09:00-18:00'), '周六、周日 09:00–18:00', 'two days are listed, not made a range')
  t.equal(words.windowInWords(en, 'mon,wed,fri 08:00-12:00'), 'Mon, Wed, Fri 08:00–12:00')
  t.equal(words.windowInWords(zh, 'daily 00:00-24:00'), '每天全天')
  t.equal(words.windowInWords(en, 'mon-sun 00:00-24:00'), 'Every day, all day', 'seven days are every day')
})

t.test('a window past midnight says "next day", and a wrapping day range reads Monday-first', async (t) => {
  t.equal(words.windowInWords(zh, 'fri,sat 22:00-02:00'), '周五、周六 22:00–次日 02:00')
  t.equal(words.windowInWords(en, 'fri,sat 22:00-02:00'), 'Fri, Sat 22:00 – 02:00 next day')
  t.equal(words.windowInWords(en, 'sat-mon 10:00-16:00'), 'Mon, Sat, Sun 10:00–16:00', 'the days of a wrapping range, Monday first')
})

t.test('a window the edge would refuse is called invalid, never guessed at', async (t) => {
  t.equal(words.windowInWords(zh, 'weekdays 7-22'), '无效时段“weekdays 7-22”')
  t.equal(words.windowInWords(en, 'mon 08:00-08:00'), 'Invalid window “mon 08:00-08:00”', 'a start equal to its end is ambiguous')
  t.same(words.badWindowLines('mon-fri 07:00-22:00\n\n  SAT  09:00-12:00 \nfri 25:00-26:00'), ['fri 25:00-26:00'], 'only the bad line is named; case and spaces are forgiven')
  t.same(words.windowLines(' Mon-Fri 07:00-22:00 \r\n\r\nsat 09:00-12:00'), ['mon-fri 07:00-22:00', 'sat 09:00-12:00'])
  t.equal(words.badWindowLines(''), null, 'no lines: nothing wrong (a schedule may be closed)')
})
