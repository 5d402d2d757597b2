// The complaint's routes: filing, reading and the officials' and complainants' actions.
import { z } from 'zod';
import { caseActionDeclarations, EVERY_ACTION_REFUSES, type CaseActionDeclaration } from '../../domain/case-actions';
import type { CaseAction } from '../../domain/case-rules';
import { complaintInputSchema } from '../../domain/complaint';
import { REFUSAL_ANSWERS } from '../../domain/refusal-answers';
import { CASE_READERS } from '../access';
import { complaintListQuerySchema, receiptQuerySchema } from './queries';
import {
  actionResultSchema,
  caseFileSchema,
  complaintPageSchema,
  complaintViewSchema,
  filingReceiptSchema,
  historySchema,
  timelineSchema,
} from './responses';
import type { RouteDeclaration, SuccessResponse } from './route';

const caseParams = z.object({ id: z.string().max(100).describe('the complaint id (a UUID)') });
const notFound = 'no such case, or not one the caller may see (a foreign case is not confirmed to exist)';
const fromFiling = { id: '$response.body#/id' };

const caseLink = (operationId: string, description: string) => ({ operationId, parameters: fromFiling, description });

const forWhom = (d: CaseActionDeclaration) => (d.roles.includes('official') ? 'officials' : 'complainants');
const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

const filed: SuccessResponse = {
  description: 'registered (R3): id, incoming number, deadline, receipt link',
  schema: filingReceiptSchema,
  links: {
    GetComplaint: caseLink('getComplaint', 'the case just filed'),
    GetTimeline: caseLink('getTimeline', 'its timeline'),
    GetReceipt: caseLink('getReceipt', 'its receipt'),
    GetCaseFile: caseLink('getCaseFile', 'its case file'),
    GetHistory: caseLink('getHistory', 'its Temporal history (auditors)'),
    ...Object.fromEntries(
      caseActionDeclarations().map((d) => [capitalised(d.name), caseLink(d.name, `${d.name} (${forWhom(d)})`)]),
    ),
  },
};

/** A read of one case as declared: its params, the portal's complainant, 404 for a case not the caller's. */
type Read<Id extends string, R extends SuccessResponse, Extra> = Omit<
  {
    operationId: Id;
    method: 'get';
    path: string;
    summary: string;
    tag: string;
    roles: typeof CASE_READERS;
    request: { params: typeof caseParams; complainantId: true };
    responses: { 200: R };
    errors: RouteDeclaration['errors'];
  },
  keyof Extra
> &
  Extra;

const read = <const Id extends string, const R extends SuccessResponse, const Extra extends Partial<RouteDeclaration>>(
  operationId: Id,
  path: string,
  summary: string,
  response: R,
  extra: Extra,
): Read<Id, R, Extra> =>
  ({
    operationId,
    method: 'get',
    path: `/v1/complaints/{id}${path}`,
    summary,
    tag: 'cases',
    roles: CASE_READERS,
    request: { params: caseParams, complainantId: true },
    responses: { 200: response },
    errors: { 404: notFound },
    ...extra,
  }) as Read<Id, R, Extra>;

/** The errors of an action: its rule's refusals (domain/refusal-answers.ts), by status. */
function actionErrors(d: CaseActionDeclaration): RouteDeclaration['errors'] {
  const errors: Partial<Record<409 | 422, string[]>> = { 409: [], 422: ['valid JSON, invalid content'] };
  for (const kind of [...EVERY_ACTION_REFUSES, ...d.refusals]) {
    const { status, code, meaning } = REFUSAL_ANSWERS[kind];
    errors[status]!.push(`\`${code}\`: ${meaning}`);
  }
  errors[409]!.push('`case_closed`: the case is closed');
  return { 404: notFound, 409: errors[409]!.join('; '), 422: errors[422]!.join('; ') };
}

/** A case action's route as the router sees it: the request is its declaration's schema. */
export interface CaseActionRoute extends RouteDeclaration {
  operationId: CaseAction;
  method: 'post';
  request: { params: typeof caseParams; body: z.ZodType; complainantId: boolean };
  responses: { 200: { description: string; schema: typeof actionResultSchema } };
}

/** A case action's route, from its declaration (domain/case-actions.ts). */
const action = (d: CaseActionDeclaration): CaseActionRoute => ({
  operationId: d.name,
  method: 'post',
  path: `/v1/complaints/{id}/${d.path}`,
  summary: d.summary,
  tag: 'actions',
  roles: d.roles,
  request: { params: caseParams, body: d.schema.meta({ id: d.schemaName }), complainantId: d.roles.includes('portal') },
  responses: { 200: { description: 'done: what the workflow recorded', schema: actionResultSchema } },
  errors: actionErrors(d),
});

export const caseRoutes = [
  {
    operationId: 'fileComplaint',
    method: 'post',
    path: '/v1/complaints',
    summary: 'File a complaint; registered before the answer (R3)',
    tag: 'cases',
    roles: ['intake'],
    request: { body: complaintInputSchema.meta({ id: 'Complaint' }), idempotencyKey: true },
    responses: { 201: filed },
    errors: {
      409: 'idempotency_key_reused: the Idempotency-Key was sent before with another complaint',
      422: 'invalid content, e.g. an IIN check digit or an unknown body',
    },
  },
  {
    operationId: 'listComplaints',
    method: 'get',
    path: '/v1/complaints',
    summary: "The caller's cases, newest first, with filters and cursor pagination",
    tag: 'cases',
    roles: CASE_READERS,
    request: { query: complaintListQuerySchema, complainantId: true },
    responses: { 200: { description: 'a page of cases', schema: complaintPageSchema } },
  },
  read(
    'getComplaint',
    '',
    'One case with its review stages',
    { description: 'the case', schema: complaintViewSchema },
    {},
  ),
  read(
    'getTimeline',
    '/timeline',
    'The personal-cabinet timeline with the marks of R4',
    {
      description: 'the timeline',
      schema: timelineSchema,
    },
    {},
  ),
  read(
    'getReceipt',
    '/receipt',
    'Printable receipt (R3) in Kazakh or Russian',
    { description: 'the receipt as HTML', contentType: 'text/html' },
    {
      request: { params: caseParams, query: receiptQuerySchema, complainantId: true },
      errors: { 404: `${notFound}; or no such review stage` },
    },
  ),
  read(
    'getHistory',
    '/history',
    'The Temporal event history, decoded; from the archive after retention',
    { description: 'the history', schema: historySchema },
    { roles: ['auditor'], request: { params: caseParams } },
  ),
  read(
    'getCaseFile',
    '/case-file',
    'The case file for court (R13): case, stages, decisions, timeline, notices',
    {
      description: 'the case file',
      schema: caseFileSchema,
    },
    {},
  ),
  ...caseActionDeclarations().map(action),
] as const satisfies readonly RouteDeclaration[];
