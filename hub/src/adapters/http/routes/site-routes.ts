import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { PolicySite } from '../../../../../protocol/policy/policy-site.js'
import { newId } from '../../../domain/new-id.js'
import type { SiteSettings } from '../../sqlite/people/site-repository.js'
import type { HubRoutes } from '../build-hub-app.js'
import { commitPeopleChange } from '../people/commit-people-change.js'
import { invalid, missing } from '../people/people-errors.js'
import type { PeopleRouteDeps } from '../people/people-route-deps.js'
import { requireCaller } from '../require-caller.js'

const { id: _siteId, ...screeningFields } = PolicySite.properties
const hubOnlyFields = {
  temperatureRetentionDays: Type.Integer({ minimum: 1, maximum: 365, description: 'Days temperatures are kept before the purge; 28 by default.' }),
  observationDefaultDays: Type.Integer({ minimum: 1, maximum: 60, description: 'Length of a home-observation order by default; 14.' }),
}
const SiteBody = Type.Partial(Type.Object({ ...screeningFields, ...hubOnlyFields }, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
})
const SiteResponse = Type.Object(
  { id: Type.String(), ...screeningFields, ...hubOnlyFields, updatedAtMs: Type.Integer() },
  { additionalProperties: false, description: 'The site and its settings.' },
)

/** Settings that reach the edges' policies (everything but the hub's own retention and defaults). */
const HUB_ONLY = new Set(Object.keys(hubOnlyFields))

/** The one site row: the community's name, local time and temperature screening settings. */
export function siteRoutes(deps: PeopleRouteDeps): HubRoutes {
  const { sites } = deps.repositories
  return (app: FastifyInstance) => {
    app.get(
      '/api/site',
      { schema: { tags: ['places'], summary: 'The community (site) and its screening settings', response: { 200: SiteResponse } } },
      async (request) => {
        requireCaller(request, ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'])
        const site = sites.get()
        if (site === null) throw missing('SITE_NOT_FOUND', 'the community has not been set up yet')
        return site
      },
    )

    app.put<{ Body: Static<typeof SiteBody> }>(
      '/api/site',
      { schema: { tags: ['places'], summary: 'Set up the site or change its settings (admin)', body: SiteBody, response: { 200: SiteResponse } } },
      async (request) => {
        const caller = requireCaller(request, ['admin'])
        const settings: SiteSettings = request.body
        return commitPeopleChange(deps, caller, (change) => {
          const existing = sites.get()
          let saved
          if (existing === null) {
            if (settings.name === undefined) throw invalid('SITE_NAME_REQUIRED', 'the first save of the site needs its name', ['/name is required'])
            saved = sites.create(newId('site'), { ...settings, name: settings.name }, change.nowMs)
          } else saved = sites.update(settings, change.nowMs)
          change.audit(existing === null ? 'site.created' : 'site.updated', { kind: 'site', id: saved.id }, { ...settings })
          if (Object.keys(settings).some((field) => !HUB_ONLY.has(field))) change.affectsAccess('site settings changed')
          return saved
        })
      },
    )
  }
}
