import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Why TLS tests cannot run here, or null when the openssl CLI is present. */
export function opensslMissingReason(): string | null {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' })
  return probe.status === 0 ? null : 'the openssl command is not installed (Debian package openssl)'
}

export interface CommunityCaFiles {
  readonly caCert: string
  readonly caKey: string
  readonly hubCert: string
  readonly hubKey: string
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
}

/**
 * A community CA and a hub certificate signed by it, made with the very commands of docs/tls.md
 * (P-256 keys, SANs, serverAuth), so the test proves the worked example.
 */
export function makeCommunityCa(dir: string, options: { readonly caName: string; readonly hubNames: readonly string[]; readonly hubIps: readonly string[] }): CommunityCaFiles {
  openssl(dir, [
    'req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', `/CN=${options.caName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ])
  openssl(dir, ['req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-keyout', 'hub.key', '-out', 'hub.csr', '-subj', `/CN=${options.hubNames[0]}`])
  const altNames = [...options.hubNames.map((name) => `DNS:${name}`), ...options.hubIps.map((ip) => `IP:${ip}`)].join(', ')
  writeFileSync(
    join(dir, 'hub.ext'),
    ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth', `subjectAltName = ${altNames}`, ''].join('\n'),
  )
  openssl(dir, ['x509', '-req', '-in', 'hub.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'hub.pem', '-days', '825', '-extfile', 'hub.ext'])
  return { caCert: join(dir, 'ca.pem'), caKey: join(dir, 'ca.key'), hubCert: join(dir, 'hub.pem'), hubKey: join(dir, 'hub.key') }
}
