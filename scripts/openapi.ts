// npm run openapi: writes the OpenAPI document the server serves to openapi.json (committed: the
// contract Redocly lints and the generated client is typed from; a test keeps it current).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from '../api/openapi';

const file = resolve(__dirname, '..', 'openapi.json');
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`[openapi] wrote ${file}\n`);
