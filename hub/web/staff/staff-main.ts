import { startApp } from '../shared/start-app.js'
import { CHECKPOINT_MODULE } from './checkpoint-module.js'
import { STAFF_TEXTS } from './staff-texts.js'

startApp({ title: 'staff.title', texts: STAFF_TEXTS, roles: ['gate-staff', 'admin'], isLive: true, modules: [CHECKPOINT_MODULE] })
