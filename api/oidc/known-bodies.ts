import { listBodies } from '../../db/bodies';
import type { Db } from '../../db/database';

/** Bodies are added by seeding, rarely: the list is read again after this. */
const BODIES_KEPT_MS = 60_000;

/** Whether a body id from a token's claims names a body of the register (read at most once a minute). */
export function knownBodyLookup(db: Db): (bodyId: string) => Promise<boolean> {
  let kept: { ids: Set<string>; until: number } | undefined;
  return async (bodyId) => {
    const now = Date.now();
    if (!kept || kept.until <= now || !kept.ids.has(bodyId)) {
      kept = { ids: new Set((await listBodies(db)).map((b) => b.id)), until: now + BODIES_KEPT_MS };
    }
    return kept.ids.has(bodyId);
  };
}
