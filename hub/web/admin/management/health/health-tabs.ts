import type { SectionTab } from '../shared/section-tabs.js'

/** Home observation, sealed buildings and returnees: one header entry. */
export const HEALTH_TABS: readonly SectionTab[] = [
  { path: '/observation', label: 'health.nav.observation' },
  { path: '/lockdowns', label: 'health.nav.lockdowns' },
  { path: '/returnees', label: 'returnees.nav' },
]
