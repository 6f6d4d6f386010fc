import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'

const CLIENT_ID_PREFIX = 'gatehouse-edge-'

/**
 * The fixed MQTT client id of an edge. Fixed, so the broker resumes the edge's persistent
 * session; derived from the edge id, so the broker can refuse a client whose id does not belong
 * to its credential (otherwise one edge could take over another's session, [MQTT-3.1.4-2]).
 * Throws `BAD_EDGE_ID` for an id that is not a valid edge id: that is a configuration bug.
 */
export function edgeClientId(edgeId: string): string {
  if (!isValidEdgeId(edgeId)) {
    throw Object.assign(new Error(`not a valid edge id: ${JSON.stringify(edgeId.slice(0, 80))}`), { code: 'BAD_EDGE_ID' as const })
  }
  return `${CLIENT_ID_PREFIX}${edgeId}`
}
