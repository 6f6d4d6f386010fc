import { startApp } from '../shared/start-app.js'
import { ADMIN_TEXTS } from './admin-texts.js'
import { ACCESS_MODULE } from './management/access/access-module.js'
import { ACCOUNTS_MODULE } from './management/accounts/accounts-module.js'
import { HEALTH_MODULE } from './management/health/health-module.js'
import { PEOPLE_MODULE } from './management/people/people-module.js'
import { TENANTS_MODULE } from './management/tenants/tenants-module.js'
import { MONITORING_MODULE } from './monitoring/monitoring-module.js'

startApp({
  title: 'admin.title',
  texts: ADMIN_TEXTS,
  roles: ['admin', 'grid-manager', 'landlord'],
  offersSetup: true,
  isLive: true,
  modules: [
    MONITORING_MODULE,
    PEOPLE_MODULE,
    ACCESS_MODULE,
    HEALTH_MODULE,
    TENANTS_MODULE,
    ACCOUNTS_MODULE,
  ],
})
