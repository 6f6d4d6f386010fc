import { h, type Child } from '../../shared/dom.js'
import type { RouteParams } from '../../shared/router.js'
import type { ScreenContext } from '../../shared/screen-module.js'
import { alertsLedger } from './alerts-ledger.js'
import { eventsLedger } from './events-ledger.js'
import { LEDGER_TABS, filterForm, filtersFromHash, type LedgerTab } from './ledger-filters.js'
import { withLoading } from './monitoring-frame.js'
import { loadCheckpoints } from './place-names.js'
import { temperatureLedger } from './temperature-ledger.js'

function tabOf(params: RouteParams): LedgerTab {
  const tab = params.tab ?? 'entries'
  return (LEDGER_TABS as readonly string[]).includes(tab) ? (tab as LedgerTab) : 'entries'
}

/**
 * The ledgers (entries, denials, temperatures, alerts) with filters by gate, door, dates,
 * outcome, reason and person, paging and CSV export. The hub scopes and masks every row by role.
 */
export async function ledgerScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api } = context
  const tab = tabOf(params)
  const filters = filtersFromHash()
  await withLoading(context, 'ledger', i18n.t('mon.ledger.title'), async () => {
    const { names } = await loadCheckpoints(api)
    const tabs = h(
      'nav',
      { class: 'ledger-tabs', 'aria-label': i18n.t('mon.ledger.title') },
      LEDGER_TABS.map((name) => h('a', { href: `#/ledger/${name}`, 'data-tab': name, 'aria-current': name === tab ? 'page' : null }, i18n.t(`mon.ledger.${name}`))),
    )
    const rerender = () => void ledgerScreen(context, params)
    const list: Child =
      tab === 'alerts' ? alertsLedger(context, names, filters) : tab === 'temperatures' ? temperatureLedger(context, names, filters) : eventsLedger(context, names, tab, filters)
    return h('div', { 'data-tab-shown': tab }, tabs, filterForm(context, names, tab, filters, rerender), list)
  })
}
