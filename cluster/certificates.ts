// The cluster's mutual TLS: a CA of its own, the servers' certificate (frontend and service to
// service) and one client certificate for workers, API replicas and the CLI. Made with openssl at
// the first start and kept under the data directory; node's crypto cannot issue certificates.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClusterCertificates {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The name clients verify the server's certificate against. */
  serverName: string;
}

export const SERVER_NAME = 'localhost';
/** docker-compose.yml's Temporal service: the same certificate serves both setups. */
const COMPOSE_HOST = 'temporal';

export function certificatePaths(dir: string): ClusterCertificates {
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    serverName: SERVER_NAME,
  };
}

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** ECDSA P-256 key and a certificate signed by the CA, with the given extensions. */
function issue(dir: string, name: string, subject: string, extensions: string, days: number): void {
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-sha256',
      '-extfile',
      ext,
    ],
    dir,
  );
  rmSync(join(dir, `${name}.csr`));
  rmSync(ext);
  chmodSync(join(dir, `${name}.key`), 0o600);
}

/** The certificates in `dir`, made there first if any is missing. */
export function ensureCertificates(dir: string): ClusterCertificates {
  const paths = certificatePaths(dir);
  if ([paths.caCert, paths.serverCert, paths.serverKey, paths.clientCert, paths.clientKey].every(existsSync))
    return paths;
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-sha256',
      '-subj',
      '/O=Complaint case engine/CN=complaint-engine cluster CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  chmodSync(paths.caCert.replace(/\.pem$/, '.key'), 0o600);
  // The services present this certificate to each other too, as clients: both purposes.
  issue(
    dir,
    'server',
    `/O=Complaint case engine/CN=${SERVER_NAME}`,
    `subjectAltName=DNS:${SERVER_NAME},DNS:${COMPOSE_HOST},IP:127.0.0.1\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n`,
    825,
  );
  issue(
    dir,
    'client',
    '/O=Complaint case engine/CN=complaint-engine client',
    'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
    825,
  );
  return paths;
}
