// The auditors' query with the real `temporal` CLI over mutual TLS, through the connection
// profile `npm run cluster` writes (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE): SQL visibility answers
// by the project's search attributes. Without the client certificate, or without TLS, the
// frontend refuses.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporalCliPath } from '../../platform/provision/paths';
import { check } from '../faults/context';
import { waitUntil } from '../faults/processes';
import { rowOf, type FaultRow } from '../faults/table';
import { settleAndInspect, workflowIdOf, type Check } from '../faults/verify';
import type { ClusterRow, ClusterRowContext } from './row';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const path = temporalCliPath();
  if (!path) throw new Error('no Temporal CLI: run `npm run provision`');
  // Only the settings given here: none of this process's TEMPORAL_* variables.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  try {
    const { stdout, stderr } = await run(path, args, { env: { ...base, ...env }, timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export const cliQueryRow: ClusterRow = {
  name: 'temporal workflow list --query by search attributes over mutual TLS (real CLI)',
  budgetMs: 3 * 60_000,
  async run(ctx: ClusterRowContext, startedAt: number): Promise<FaultRow> {
    const { t } = ctx;
    const checks: Check[] = [];
    const notes: string[] = [];
    const id = ctx.shared.lifecycleComplaintId;
    const query = 'CaseStatus = "closed" AND ReviewingBody = "qcb-almaty"';
    let listed = { code: -1, out: '' };
    await waitUntil(
      async () => {
        listed = await cli(['workflow', 'list', '--query', query, '--output', 'json'], t.cluster.clientEnv);
        return listed.code === 0 && (!id || listed.out.includes(workflowIdOf(id)));
      },
      30_000,
      1_000,
    );
    checks.push(
      check(
        `profile ${t.cluster.clientEnv.TEMPORAL_PROFILE}: list --query '${query}' finds the lifecycle's case`,
        listed.code === 0 && !!id && listed.out.includes(workflowIdOf(id)),
        listed.code !== 0
          ? `exit ${listed.code}: ${listed.out.slice(0, 300)}`
          : id
            ? listed.out.includes(workflowIdOf(id))
              ? 'found'
              : 'not in the answer'
            : 'no lifecycle case to look for',
      ),
    );
    const counted = await cli(
      ['workflow', 'count', '--query', 'ExecutionStatus = "Running" AND CaseStatus = "under_review"'],
      t.cluster.clientEnv,
    );
    checks.push(check('count --query by CaseStatus answers', counted.code === 0, counted.out.trim().slice(0, 200)));

    const address = t.cluster.temporalAddress;
    const certs = t.cluster.certificates;
    const noCert = await cli(
      [
        'workflow',
        'list',
        '--address',
        address,
        '--tls-ca-path',
        certs.caCert,
        '--tls-server-name',
        certs.serverName,
        '--disable-config-file',
        '--limit',
        '1',
      ],
      {},
    );
    checks.push(check('without a client certificate the frontend refuses', noCert.code !== 0, `exit ${noCert.code}`));
    const plain = await cli(['workflow', 'list', '--address', address, '--disable-config-file', '--limit', '1'], {});
    checks.push(check('without TLS the frontend refuses', plain.code !== 0, `exit ${plain.code}`));
    const inspection = await settleAndInspect(t.db, t.client, t.cluster.taskQueue, ctx.expected(), 60_000);
    return rowOf(this.name, 0, inspection, checks, notes, startedAt);
  },
};
