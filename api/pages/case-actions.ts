// The case page's forms, posted: each runs the JSON API's handler for its operation (operations.ts)
// and comes back to the case page, with the refusal in the reader's language and what was typed when the action is refused.
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/database';
import { ApiError, apiErrorOf } from '../errors';
import { renderCasePage, type CasePageOptions } from './case-page';
import { jsonBodyOf, typedFields } from './form-fields';
import { refusalText } from './refusal-words';
import { runOperation, type OperationHandlers } from './operations';
import { pageContext } from './session';

/** Operations a case page posts; each is a workflow update behind the API's route. */
export const PAGE_OPERATIONS = [
  'assignComplaint',
  'extendReview',
  'redirectComplaint',
  'decideComplaint',
  'handOverAnswer',
] as const;

export function caseActionHandler(
  db: Db,
  client: Client,
  handlers: OperationHandlers,
  options: CasePageOptions,
  log: (line: Record<string, unknown>) => void,
): RequestHandler {
  return async (req, res) => {
    const operation = String(req.params.operation);
    if (!(PAGE_OPERATIONS as readonly string[]).includes(operation) || !handlers[operation])
      throw new ApiError(404, 'not_found', `no action ${operation}`);
    const typed = typedFields(req.body ?? {});
    req.body = jsonBodyOf(req.body ?? {});
    try {
      await runOperation(handlers, operation, req);
    } catch (err) {
      const refusal = apiErrorOf(err, req, log);
      const ctx = pageContext(res);
      // The reader's language, from the error's stable code: the API's message is for programs.
      const text = refusalText(ctx.lang, refusal, operation);
      res
        .status(refusal.status)
        .type('html')
        .send(
          await renderCasePage(db, client, req, ctx, options, { kind: 'error', text }, { operation, values: typed }),
        );
      return;
    }
    res.redirect(303, `/app/cases/${encodeURIComponent(String(req.params.id))}?done=${operation}`);
  };
}
