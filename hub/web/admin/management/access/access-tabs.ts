import type { SectionTab } from '../shared/section-tabs.js'

/** Doors and rules: one header entry, four screens. */
export const ACCESS_TABS: readonly SectionTab[] = [
  { path: '/rules', label: 'rules.nav' },
  { path: '/doors', label: 'doors.nav' },
  { path: '/door-groups', label: 'doorGroups.nav', roles: ['admin'] },
  { path: '/schedules', label: 'schedules.nav' },
]
