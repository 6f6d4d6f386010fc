export type { Logger } from '../../../edge/src/ports/logger.js'
