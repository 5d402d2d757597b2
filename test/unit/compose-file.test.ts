// docker-compose.yml through the Compose specification's own loader (platform/provision/compose-check, on
// compose-go: what `docker compose config` runs), and its Temporal settings against npm run
// cluster's: version, shards, namespace and retention, mutual TLS, dynamic configuration.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER_SETTINGS, DYNAMIC_CONFIG } from '../../cluster/temporal-config';
import { provisionComposeCheck } from '../../platform/provision/compose-check';
import { TEMPORAL_SERVER_VERSION } from '../../platform/provision/paths';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '..', '..');
const composeFile = join(repoRoot, 'docker-compose.yml');

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  environment?: Record<string, string | null>;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[] };
}

let checker: string;
let services: Record<string, Service>;

beforeAll(async () => {
  checker = await provisionComposeCheck();
  const { stdout } = await run(checker, [composeFile], { cwd: repoRoot, maxBuffer: 8 * 1024 * 1024 });
  services = JSON.parse(stdout).services;
}, 300_000);

describe('docker-compose.yml', () => {
  it('loads with the Compose specification loader; a broken file does not', async () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'postgres',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    const broken = join(mkdtempSync(join(tmpdir(), 'compose-')), 'docker-compose.yml');
    writeFileSync(
      broken,
      readFileSync(composeFile, 'utf8').replace(
        'temporal-namespace: { condition: service_completed_successfully }\n    environment:\n      TEMPORAL_ADDRESS',
        'temporal-nowhere: { condition: service_completed_successfully }\n    environment:\n      TEMPORAL_ADDRESS',
      ),
    );
    await expect(run(checker, [broken], { cwd: repoRoot })).rejects.toMatchObject({
      stderr: expect.stringContaining('temporal-nowhere'),
    });
  });

  it('runs the Temporal version the tests ran, from images Temporal publishes now, every image pinned', () => {
    const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
    expect(services.temporal.image).toBe(`temporalio/server:${version}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${version}`);
    expect(services['temporal-namespace'].image).toBe(`temporalio/admin-tools:${version}`);
    for (const [name, s] of Object.entries(services)) {
      if (s.build) continue;
      expect([name, s.image]).toEqual([name, expect.stringMatching(/^[a-z/-]+:\d+(\.\d+)+$/)]);
    }
  });

  it("has npm run cluster's Temporal settings: shards, namespace, retention, mutual TLS, dynamic configuration", () => {
    const env = services.temporal.environment!;
    expect(env.NUM_HISTORY_SHARDS).toBe(String(CLUSTER_SETTINGS.numHistoryShards));
    expect(env.DB).toBe('postgres12');
    expect(env.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
    const namespaceJob = services['temporal-namespace'].command!.join(' ');
    expect(namespaceJob).toContain(
      `namespace create --namespace ${CLUSTER_SETTINGS.namespace} --retention ${CLUSTER_SETTINGS.retentionDays * 24}h`,
    );
    const dynamic = readFileSync(join(repoRoot, 'docker', 'temporal-dynamicconfig.yaml'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    expect(JSON.parse(dynamic)).toEqual(DYNAMIC_CONFIG);
    for (const app of ['api', 'worker']) {
      expect(services[app].environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: CLUSTER_SETTINGS.namespace,
        TEMPORAL_TLS_CLIENT_CERT_PATH: '/certs/client.pem',
        TEMPORAL_TLS_CLIENT_KEY_PATH: '/certs/client.key',
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/certs/ca.pem',
        TEMPORAL_TLS_SERVER_NAME: 'temporal',
      });
    }
  });

  it('restarts on failure, waits for the namespace, checks health, and runs two workers', () => {
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'api', 'worker'])
      expect([name, services[name].restart]).toEqual([name, 'on-failure']);
    for (const name of ['temporal-schema', 'temporal-namespace'])
      expect(services[name].restart).toMatch(/^on-failure:\d+$/);
    for (const app of ['api', 'worker', 'temporal-ui'])
      expect(services[app].depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
    expect(services.temporal.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    for (const name of ['postgres', 'temporal', 'api', 'worker'])
      expect(services[name].healthcheck?.test?.length).toBeGreaterThan(0);
    expect(services.worker.deploy?.replicas).toBe(2);
  });
});
