// npx tsx scripts/certificates.ts <dir>: a CA, a server certificate (localhost, temporal,
// 127.0.0.1; also for client authentication between services) and a client certificate, as npm
// run cluster makes them, for docker-compose.yml's ./certs. Existing files are kept.
import { resolve } from 'node:path';
import { ensureCertificates } from '../cluster/certificates';

const dir = resolve(process.argv[2] ?? 'certs');
const made = ensureCertificates(dir);
process.stdout.write(`[certificates] ${made.caCert}, ${made.serverCert}, ${made.clientCert} (keys beside them)\n`);
