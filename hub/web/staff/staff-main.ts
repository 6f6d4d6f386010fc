import { startApp } from '../shared/start-app.js'
import { STAFF_TEXTS } from './staff-texts.js'

startApp({ title: 'staff.title', texts: STAFF_TEXTS, roles: ['gate-staff', 'admin'], isLive: true, modules: [] })
