import type { Client } from '@temporalio/client';
import { pingDatabase, type Db } from '../../db/database';
import type { ApiHandlers } from '../contract';
import { Answer } from '../contract/route';

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** `/healthz` and `/readyz`: Temporal and the database, each ok or unavailable (503 if either is). */
export function healthHandlers(db: Db, client: Client): ApiHandlers<'health' | 'readiness'> {
  const report = async () => {
    const [temporal, database] = await Promise.all([
      check(() => client.workflowService.getSystemInfo({})),
      check(() => pingDatabase(db)),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    const answer = { status: ok ? ('ok' as const) : ('unavailable' as const), temporal, database };
    return ok ? answer : new Answer(503, answer, { headers: { 'Retry-After': '5' } });
  };
  return { health: report, readiness: report };
}
