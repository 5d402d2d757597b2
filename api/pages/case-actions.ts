// The case page's forms, posted: each takes its action through the service the JSON API uses
// (api/routes/case-actions.ts) and comes back to the case page, with the refusal in the reader's
// language and what was typed when the action is refused.
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/database';
import { CASE_ACTION_DECLARATIONS, PAGE_ACTIONS, type CaseActionDeclaration } from '../../domain/case-actions';
import type { CaseAction } from '../../domain/case-rules';
import { principalOf } from '../auth';
import { ApiError, apiErrorOf } from '../errors';
import type { TakeAction } from '../routes/case-actions';
import { parseBody } from '../validation';
import { renderCasePage, type CasePageOptions } from './case-page';
import { jsonBodyOf, typedFields } from './form-fields';
import { checkDeclaredRoles } from './operations';
import { refusalText } from './refusal-words';
import { pageContext } from './session';

export function caseActionHandler(
  db: Db,
  client: Client,
  takeAction: TakeAction,
  options: CasePageOptions,
  log: (line: Record<string, unknown>) => void,
): RequestHandler {
  return async (req, res) => {
    const action = String(req.params.action);
    if (!(PAGE_ACTIONS as readonly string[]).includes(action))
      throw new ApiError(404, 'not_found', `no action ${action}`);
    const id = String(req.params.id);
    const typed = typedFields(req.body ?? {});
    try {
      // A page is held to the roles the contract declares for the action's route, as a key is.
      checkDeclaredRoles(action as CaseAction, req);
      const declaration = CASE_ACTION_DECLARATIONS[action as CaseAction] as CaseActionDeclaration;
      const request = parseBody(declaration.schema as z.ZodType<never>, jsonBodyOf(req.body ?? {}));
      await takeAction(action as CaseAction, principalOf(req), id, request);
    } catch (err) {
      const refusal = apiErrorOf(err, req, log);
      const ctx = pageContext(res);
      // The reader's language, from the error's stable code: the API's message is for programs.
      const text = refusalText(ctx.lang, refusal, action);
      res
        .status(refusal.status)
        .type('html')
        .send(
          await renderCasePage(
            db,
            client,
            req,
            ctx,
            options,
            { kind: 'error', text },
            { operation: action, values: typed },
          ),
        );
      return;
    }
    res.redirect(303, `/app/cases/${encodeURIComponent(id)}?done=${action}`);
  };
}
