import type { Response } from 'express';
import type { Client } from '@temporalio/client';
import { pingDatabase, type Db } from '../../db/database';
import type { Handlers } from '../contract/route';

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** `/healthz` and `/readyz`: Temporal and the database, each ok or unavailable (503 if either is). */
export function healthHandlers(db: Db, client: Client): Handlers<'health' | 'readiness'> {
  const report = async (_req: unknown, res: Response) => {
    const [temporal, database] = await Promise.all([
      check(() => client.workflowService.getSystemInfo({})),
      check(() => pingDatabase(db)),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    if (!ok) res.set('Retry-After', '5');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', temporal, database });
  };
  return { health: report, readiness: report };
}
