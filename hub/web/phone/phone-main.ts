import { startApp } from '../shared/start-app.js'
import { PHONE_TEXTS } from './phone-texts.js'

startApp({ title: 'phone.title', texts: PHONE_TEXTS, roles: ['resident', 'landlord'], modules: [] })
