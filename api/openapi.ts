// The OpenAPI 3.1 document, built from the same zod schemas the routes parse with.
import { z } from 'zod';
import {
  assignmentSchema, bodySchema, complaintInputSchema, courtReferralSchema, decisionSchema, escalationSchema,
  extensionSchema, withdrawalSchema,
} from '../domain/complaint';
import { calendarYearSchema, deadlineQuerySchema } from './routes/calendar';
import { receiptQuerySchema } from './routes/complaint-records';
import { complaintListQuerySchema } from './routes/complaint-list';
import { letterQuerySchema, outboxQuerySchema, postedSchema } from './routes/outbox';
import { slaQuerySchema } from './routes/reports';

type Schema = z.ZodType;

export interface Operation {
  method: 'get' | 'post' | 'put';
  /** Express style: `/v1/complaints/:id`. */
  path: string;
  summary: string;
  /** Who may call it (SPEC "Users and roles"); `public` needs no key. */
  roles: string[];
  body?: string; // a name in the components below
  query?: Schema;
  responses: Record<number, string>;
  produces?: string;
}

const bodySchemas: Record<string, Schema> = {
  Complaint: complaintInputSchema, Assignment: assignmentSchema, Extension: extensionSchema, Decision: decisionSchema,
  Escalation: escalationSchema, CourtReferral: courtReferralSchema, Withdrawal: withdrawalSchema, Body: bodySchema,
  CalendarYear: calendarYearSchema(), LetterPosted: postedSchema,
};

const readers = ['intake', 'official', 'portal', 'auditor'];
const any = ['intake', 'official', 'portal', 'auditor', 'admin'];
const read = { 200: 'the case', 404: 'no such case, or not one the caller may see' };
const action = (path: string, summary: string, roles: string[], body: string): Operation => ({
  method: 'post', path: `/v1/complaints/:id/${path}`, summary, roles, body,
  responses: {
    200: 'done', 404: 'no such case for this caller',
    409: 'transition_not_allowed: not allowed now (the workflow validator\'s reason); stage_changed: the case moved to another review stage since the caller saw it',
    ...(path === 'decision' ? { 422: 'signatory_mismatch: decidedBy names someone other than the person the key was issued to' } as Record<number, string> : {}),
  },
});

export const operations: Operation[] = [
  { method: 'post', path: '/v1/complaints', summary: 'File a complaint; registered before the answer (R3). Idempotency-Key: the same key gives the same complaint.', roles: ['intake'], body: 'Complaint', responses: { 201: 'registered: id, incoming number, deadline, receipt link', 409: 'idempotency_key_reused: the Idempotency-Key was sent before with another complaint', 422: 'invalid content, e.g. an IIN check digit or unknown body' } },
  { method: 'get', path: '/v1/complaints', summary: 'The caller\'s cases, newest first, with filters and cursor pagination', roles: readers, query: complaintListQuerySchema, responses: { 200: '{ items, nextCursor }' } },
  { method: 'get', path: '/v1/complaints/:id', summary: 'One case with its review stages', roles: readers, responses: read },
  { method: 'get', path: '/v1/complaints/:id/timeline', summary: 'The personal-cabinet timeline with the marks of R4', roles: readers, responses: read },
  { method: 'get', path: '/v1/complaints/:id/receipt', summary: 'Printable receipt (R3) in Kazakh or Russian', roles: readers, query: receiptQuerySchema, responses: read, produces: 'text/html' },
  { method: 'get', path: '/v1/complaints/:id/history', summary: 'The Temporal event history, decoded; from the archive after retention', roles: ['auditor'], responses: read },
  { method: 'get', path: '/v1/complaints/:id/case-file', summary: 'The case file for court (R13): case, stages, decisions, timeline, notices', roles: readers, responses: read },
  action('assignment', 'Assign to an official: mark in_execution (R4)', ['official'], 'Assignment'),
  action('extension', 'Extend the review term (R11), notice within 3 working days (R12)', ['official'], 'Extension'),
  action('decision', 'Decide with a reasoned answer (R8)', ['official'], 'Decision'),
  action('escalation', 'Appeal to the quality-control body (R9, R10)', ['portal', 'intake'], 'Escalation'),
  action('court-referral', 'Declare referral to court; the case closes (R13)', ['portal', 'intake'], 'CourtReferral'),
  action('withdrawal', 'Withdraw before a decision', ['portal', 'intake'], 'Withdrawal'),
  { method: 'get', path: '/v1/bodies', summary: 'The bodies', roles: any, responses: { 200: '{ items }' } },
  { method: 'get', path: '/v1/bodies/:id', summary: 'One body', roles: any, responses: { 200: 'the body', 404: 'no such body' } },
  { method: 'post', path: '/v1/bodies', summary: 'Register or update a body (by id)', roles: ['admin'], body: 'Body', responses: { 201: 'registered', 200: 'updated', 409: 'the code belongs to another body' } },
  { method: 'get', path: '/v1/calendar/deadline', summary: 'When the review term at a body ends for a complaint arriving at `from`', roles: any, query: deadlineQuerySchema, responses: { 200: '{ registeredOn, lastDay, endsAt, workingDays, calendarHasData }', 404: 'no such body' } },
  { method: 'get', path: '/v1/calendar/:year', summary: 'A year\'s exceptional days and whether official data is loaded', roles: any, responses: { 200: '{ year, hasData, days }' } },
  { method: 'put', path: '/v1/calendar/:year', summary: 'Replace a year\'s exceptional days', roles: ['admin'], body: 'CalendarYear', responses: { 200: 'replaced' } },
  { method: 'get', path: '/v1/reports/sla', summary: 'Review terms kept, per body (an official sees their own body)', roles: ['auditor', 'admin', 'official'], query: slaQuerySchema, responses: { 200: '{ bodies }' } },
  { method: 'get', path: '/v1/outbox', summary: 'Letters queued for the post room (the post room uses an admin key)', roles: ['admin'], query: outboxQuerySchema, responses: { 200: '{ items, nextAfter }' } },
  { method: 'get', path: '/v1/outbox/:id/letter', summary: 'A printable letter', roles: ['admin'], query: letterQuerySchema, responses: { 200: 'the letter', 404: 'no such letter' }, produces: 'text/html' },
  { method: 'post', path: '/v1/outbox/:id/posted', summary: 'The post room posted a letter: tracking number; the workflow is signalled. Idempotent.', roles: ['admin'], body: 'LetterPosted', responses: { 200: 'posted', 404: 'no such letter', 409: 'posted before with another tracking number' } },
  { method: 'get', path: '/healthz', summary: 'Temporal and the database reachable', roles: ['public'], responses: { 200: 'ok', 503: 'unavailable' } },
  { method: 'get', path: '/readyz', summary: 'Ready to serve', roles: ['public'], responses: { 200: 'ok', 503: 'unavailable' } },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', roles: ['public'], responses: { 200: 'text exposition format' }, produces: 'text/plain' },
  { method: 'get', path: '/openapi.json', summary: 'This document', roles: ['public'], responses: { 200: 'OpenAPI 3.1' } },
  { method: 'get', path: '/docs', summary: 'This document as a page', roles: ['public'], responses: { 200: 'HTML' }, produces: 'text/html' },
];

function jsonSchema(schema: Schema): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object', required: ['error'],
  properties: {
    error: {
      type: 'object', required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' }, message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const COMMON_ERRORS: Record<number, string> = {
  400: 'malformed request (JSON, shape, query); invalid_text: NUL, a lone surrogate, a control or invisible character in a text field', 401: 'no or invalid API key', 403: 'the role may not do this',
  413: 'body over 256 KiB', 415: 'body not application/json', 422: 'valid JSON, invalid content',
};

function operationObject(op: Operation) {
  const isPublic = op.roles.includes('public');
  const pathParams = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = op.query ? jsonSchema(op.query) : undefined;
  const queryParams = Object.entries((query?.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, schema]) => ({
    name, in: 'query', required: ((query?.required ?? []) as string[]).includes(name), schema,
    ...(schema.description ? { description: schema.description } : {}),
  }));
  const errors = isPublic ? {} : Object.fromEntries(Object.entries(COMMON_ERRORS)
    .filter(([s]) => op.body || ['400', '401', '403'].includes(s))
    .map(([s, d]) => [s, { description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
  const responses = Object.fromEntries(Object.entries(op.responses).map(([s, d]) => [s, Number(s) < 400
    ? { description: d, content: { [op.produces ?? 'application/json']: {} } }
    : { description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
  return {
    summary: op.summary,
    description: `Roles: ${op.roles.join(', ')}.`,
    'x-roles': op.roles,
    parameters: [...pathParams, ...queryParams, ...(!isPublic ? [{ $ref: '#/components/parameters/ComplainantId' }] : [])],
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } } } } : {}),
    responses: { ...errors, ...responses },
    security: isPublic ? [] : [{ bearerAuth: [] }],
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Complaint case engine', version: '1',
      description: 'Complaints about public services (Republic of Kazakhstan), R1–R13 of the complaint procedure.',
    },
    paths,
    components: {
      schemas: { ...Object.fromEntries(Object.entries(bodySchemas).map(([name, s]) => [name, jsonSchema(s)])), Error: errorSchema },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key made with `npm run apikey -- create`' } },
      parameters: {
        ComplainantId: {
          name: 'X-Complainant-Id', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d{12}$' },
          description: 'Portal keys only (required there): the IIN or BIN of the complainant the portal acts for',
        },
      },
    },
  };
}
