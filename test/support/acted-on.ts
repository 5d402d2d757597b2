import type { WorkflowHandle } from '@temporalio/client';
import type { Actor, Person } from '../../domain/actor';
import { demoBodies } from '../../db/seeds/demo-bodies';
import type { ActedOn } from '../../domain/case';
import { getCase } from '../../workflows/complaint-messages';

/** The person a test official's key is issued to: the head of the demo body (as in the API stack). */
export function officialOf(bodyId: string): Person {
  const body = demoBodies.find((b) => b.id === bodyId);
  if (!body) throw new Error(`no demo body ${bodyId}`);
  return { surname: body.head_surname, initials: body.head_initials, position: body.head_position };
}

/**
 * What the API would send with an action on the case as it stands: its current stage and body,
 * and the actor (the reviewing body's official by default, or the complainant's portal).
 */
export async function actedOn(handle: WorkflowHandle, who: 'official' | 'portal' = 'official'): Promise<ActedOn> {
  const stage = (await handle.query(getCase)).stages.at(-1)!;
  const actor: Actor =
    who === 'portal'
      ? { keyId: 'key_portal00000', role: 'portal' }
      : { keyId: `key_${stage.bodyId}`, role: 'official', person: officialOf(stage.bodyId) };
  return { stage: stage.stage, bodyId: stage.bodyId, actor };
}
