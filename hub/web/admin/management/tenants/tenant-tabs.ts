import type { SectionTab } from '../shared/section-tabs.js'

/** Tenant declarations, landlords and visitor passes: one header entry (a landlord sees only their tenants). */
export const TENANT_TABS: readonly SectionTab[] = [
  { path: '/tenants', label: 'tenants.nav.declarations', roles: ['admin', 'grid-manager'] },
  { path: '/landlords', label: 'tenants.nav.landlords', roles: ['admin', 'grid-manager'] },
  { path: '/visitors', label: 'tenants.nav.visitors', roles: ['admin', 'grid-manager'] },
]
