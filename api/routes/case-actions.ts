// The case actions (domain/case-actions.ts) as one service: the JSON API's handlers and the case
// page's forms both call `takeAction` with a request their edge parsed by the action's schema
// (the router from the contract, the page from its form). Each action is the workflow update of
// its name, whose validator applies the action's rule and refuses (409/422) before anything is
// written. The stage and body come from the register's view of the case the caller may act on,
// the actor from the caller's credential: never from the request body.
import type { Client } from '@temporalio/client';
import { findBody } from '../../db/bodies';
import { recordCourtReferralOfClosedCase, type ComplaintRecord } from '../../db/complaints';
import type { Db } from '../../db/database';
import type { Actor } from '../../domain/actor';
import type { ActedOn, CaseStatus } from '../../domain/case';
import type { CaseActionTypes } from '../../domain/case-actions';
import {
  CASE_ACTIONS,
  courtReferralRecordedAfterClosing,
  redirectionTargetProblem,
  type CaseAction,
} from '../../domain/case-rules';
import type { CourtReferral, Redirection } from '../../domain/complaint';
import { caseActionUpdates, complaintWorkflowId } from '../../workflows/complaint-messages';
import { visibleComplaint } from '../access';
import type { Principal } from '../auth';
import type { CaseActionRoute } from '../contract/case-routes';
import type { RouteHandler } from '../contract/route';
import { ApiError } from '../errors';
import { withKeyIdsFor } from '../key-ids';
import { refusalError, toTransitionError } from '../refusal-errors';

type Request_<A extends CaseAction> = CaseActionTypes[A]['request'];

/** What an action is taken on: the case as the caller may see it, where, and by whom. */
interface Taken {
  c: ComplaintRecord;
  on: ActedOn;
}

/**
 * Only what the workflow cannot know is checked before its update (the rules decide the rest):
 * whether a redirection's target is a registered body that may receive it (R1), and a court
 * referral of a case already closed, which the register records itself (R13).
 */
type BeforeUpdate = {
  [A in CaseAction]?: (db: Db, request: Request_<A>, taken: Taken) => Promise<unknown>;
};

const BEFORE_UPDATE: BeforeUpdate = {
  async redirect(db, request: Redirection, { on }) {
    const problem = redirectionTargetProblem(on.bodyId, await findBody(db, request.toBodyId), request.toBodyId);
    if (problem) throw refusalError(problem);
    return undefined;
  },
  async referToCourt(db, request: CourtReferral, { c, on }) {
    if (!courtReferralRecordedAfterClosing(c.status as CaseStatus)) return undefined;
    const at = new Date();
    const courtReferral = { ...request, at: at.toISOString(), by: on.actor, afterAppealWindow: true };
    if (!(await recordCourtReferralOfClosedCase(db, c.id, c.stage, courtReferral, at))) {
      throw new ApiError(409, 'case_closed', 'the case is closed; no further action is possible');
    }
    return {
      complaintId: c.id,
      status: 'referred_to_court',
      closedAt: c.closed_at === null ? null : new Date(c.closed_at).toISOString(),
      courtReferral,
      links: { caseFile: `/v1/complaints/${c.id}/case-file` },
    };
  },
};

async function takenBy(db: Db, principal: Principal, id: string): Promise<Taken> {
  const c = await visibleComplaint(db, principal, id);
  const { id: keyId, role, person } = principal;
  if (role === 'official' && !person) {
    throw new ApiError(
      403,
      'key_without_person',
      'this official key is not issued to a named person; ask for a key made with --name and --position',
    );
  }
  const actor: Actor = { keyId, role, ...(person ? { person } : {}) };
  return { c, on: { stage: c.stage, bodyId: c.reviewing_body_id, actor } };
}

export type TakeAction = <A extends CaseAction>(
  action: A,
  principal: Principal,
  id: string,
  request: Request_<A>,
) => Promise<unknown>;

/**
 * Takes a case action for `principal` on case `id`; answers what the workflow recorded.
 * The caller's role is checked where the request comes in (the router, or the page's form).
 */
export function caseActionService(db: Db, client: Client): TakeAction {
  return async (action, principal, id, request) => {
    const taken = await takenBy(db, principal, id);
    try {
      const before = BEFORE_UPDATE[action] as BeforeUpdate[CaseAction] | undefined;
      const answered = await before?.(db, request as never, taken);
      if (answered !== undefined) return withKeyIdsFor(principal, answered);
      const update = caseActionUpdates[action] as (typeof caseActionUpdates)['withdraw'];
      const handle = client.workflow.getHandle(complaintWorkflowId(taken.c.id));
      return withKeyIdsFor(principal, await handle.executeUpdate(update, { args: [request as never, taken.on] }));
    } catch (err) {
      throw toTransitionError(err);
    }
  };
}

/**
 * The JSON API's handler of each action, by its name (the operationId). The router parsed the
 * body with the action's declared schema, so it is the action's request.
 */
export function caseActionHandlers(takeAction: TakeAction): Record<CaseAction, RouteHandler<CaseActionRoute>> {
  const handler =
    (action: CaseAction): RouteHandler<CaseActionRoute> =>
    async ({ params, body, principal }) =>
      (await takeAction(action, principal, params.id, body as Request_<typeof action>)) as Record<string, unknown>;
  return Object.fromEntries(CASE_ACTIONS.map((action) => [action, handler(action)])) as Record<
    CaseAction,
    RouteHandler<CaseActionRoute>
  >;
}
