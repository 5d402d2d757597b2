// The complaint's routes: filing, reading and the officials' and complainants' actions.
import { z } from 'zod';
import {
  answerHandOverSchema,
  assignmentSchema,
  complaintInputSchema,
  courtReferralSchema,
  decisionSchema,
  escalationSchema,
  extensionSchema,
  redirectionSchema,
  withdrawalSchema,
} from '../../domain/complaint';
import { CASE_READERS } from '../access';
import { complaintListQuerySchema } from '../routes/complaint-list';
import { receiptQuerySchema } from '../routes/complaint-records';
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

const filed: SuccessResponse = {
  description: 'registered (R3): id, incoming number, deadline, receipt link',
  schema: filingReceiptSchema,
  links: {
    GetComplaint: caseLink('getComplaint', 'the case just filed'),
    GetTimeline: caseLink('getTimeline', 'its timeline'),
    GetReceipt: caseLink('getReceipt', 'its receipt'),
    GetCaseFile: caseLink('getCaseFile', 'its case file'),
    GetHistory: caseLink('getHistory', 'its Temporal history (auditors)'),
    Assign: caseLink('assignComplaint', 'assign it (officials)'),
    Extend: caseLink('extendReview', 'extend its term (officials)'),
    Redirect: caseLink('redirectComplaint', 'forward it to the competent body (officials)'),
    Decide: caseLink('decideComplaint', 'decide it (officials)'),
    HandOverAnswer: caseLink('handOverAnswer', 'hand over its paper answer at the office (officials)'),
    Escalate: caseLink('escalateComplaint', 'appeal (complainants)'),
    ReferToCourt: caseLink('referToCourt', 'go to court (complainants)'),
    Withdraw: caseLink('withdrawComplaint', 'withdraw (complainants)'),
  },
};

const read = (
  operationId: string,
  path: string,
  summary: string,
  response: SuccessResponse,
  extra: Partial<RouteDeclaration> = {},
): RouteDeclaration => ({
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
});

const action = (
  operationId: string,
  path: string,
  summary: string,
  roles: RouteDeclaration['roles'],
  body: z.ZodType,
): RouteDeclaration => ({
  operationId,
  method: 'post',
  path: `/v1/complaints/{id}/${path}`,
  summary,
  tag: 'actions',
  roles,
  request: { params: caseParams, body, complainantId: roles !== 'public' && roles.includes('portal') },
  responses: { 200: { description: 'done: what the workflow recorded', schema: actionResultSchema } },
  errors: {
    404: notFound,
    409: "not allowed now: the workflow validator's reason (`transition_not_allowed`), the case moved to another review stage since the caller saw it (`stage_changed`), or the case is closed (`case_closed`)",
    422: 'valid JSON, invalid content; `signatory_mismatch`: decidedBy names someone other than the person the key was issued to; `unstorable_value`',
  },
});

export const caseRoutes: RouteDeclaration[] = [
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
  read('getComplaint', '', 'One case with its review stages', { description: 'the case', schema: complaintViewSchema }),
  read('getTimeline', '/timeline', 'The personal-cabinet timeline with the marks of R4', {
    description: 'the timeline',
    schema: timelineSchema,
  }),
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
  read('getCaseFile', '/case-file', 'The case file for court (R13): case, stages, decisions, timeline, notices', {
    description: 'the case file',
    schema: caseFileSchema,
  }),
  action(
    'assignComplaint',
    'assignment',
    'Assign to an official: mark in_execution (R4)',
    ['official'],
    assignmentSchema.meta({ id: 'Assignment' }),
  ),
  action(
    'extendReview',
    'extension',
    'Extend the review term (R11), notice within 3 working days (R12)',
    ['official'],
    extensionSchema.meta({ id: 'Extension' }),
  ),
  {
    ...action(
      'redirectComplaint',
      'redirection',
      'Forward to the competent body within 3 working days of receipt, with the reason (R1): the complainant is told; the competent body registers it with its own number and term',
      ['official'],
      redirectionSchema.meta({ id: 'Redirection' }),
    ),
    errors: {
      404: notFound,
      409: '`redirection_too_late`: more than 3 working days after receipt; `transition_not_allowed`: not under review, or not at the body it was addressed to; `stage_changed`',
      422: '`invalid_redirection_target`: an unknown body, the same body, or a quality-control body; invalid content',
    },
  },
  {
    ...action(
      'decideComplaint',
      'decision',
      'Decide with a reasoned answer (R8)',
      ['official'],
      decisionSchema.meta({ id: 'Decision' }),
    ),
    errors: {
      404: notFound,
      409: 'not allowed now (`transition_not_allowed`, `stage_changed`, `case_closed`); `forward_to_competent_body`: a refusal on the ground `outside_competence` while the complaint can still be forwarded to the competent body (R1, within 3 working days of receipt)',
      422: 'valid JSON, invalid content; `signatory_mismatch`: decidedBy names someone other than the person the key was issued to; `unstorable_value`',
    },
  },
  action(
    'handOverAnswer',
    'answer-handover',
    'The paper answer handed over at the office, or the complainant refused to collect it (R8): the answer is delivered and the appeal window starts',
    ['official'],
    answerHandOverSchema.meta({ id: 'AnswerHandOver' }),
  ),
  action(
    'escalateComplaint',
    'escalation',
    'Appeal to the quality-control body (R9, R10): a complaint with its reasons and demands (R7), signed as its channel requires (EDS through the portal); answers with the receipt of the new stage',
    ['portal', 'intake'],
    escalationSchema.meta({ id: 'Escalation' }),
  ),
  action(
    'referToCourt',
    'court-referral',
    'Declare referral to court; the case closes (R13). On a case closed after the appeal window the referral is recorded (the court decides on its terms), with the link to the case file',
    ['portal', 'intake'],
    courtReferralSchema.meta({ id: 'CourtReferral' }),
  ),
  action(
    'withdrawComplaint',
    'withdrawal',
    'Withdraw before a decision',
    ['portal', 'intake'],
    withdrawalSchema.meta({ id: 'Withdrawal' }),
  ),
];
