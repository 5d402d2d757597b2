// The registers around the cases: bodies, the working-day calendar, reports, the post room's
// outbox and the Temporal UI's codec endpoint.
import { z } from 'zod';
import { ROLES } from '../../db/api-keys';
import { bodyIdSchema, bodySchema } from '../../domain/complaint';
import { codecRequestSchema } from '../codec-payloads';
import { deadlineQuerySchema, letterQuerySchema, outboxQuerySchema, slaQuerySchema } from './queries';
import { calendarYearSchema, deliveredSchema, letterParamsSchema, postedSchema, yearParamsSchema } from './requests';
import {
  bodyListSchema,
  bodyViewSchema,
  calendarYearViewSchema,
  deadlineSchema,
  letterPageSchema,
  letterViewSchema,
  slaReportSchema,
} from './responses';
import type { RouteDeclaration } from './route';

const codecPayloads = codecRequestSchema.meta({ id: 'Payloads' });

export const registerRoutes = [
  {
    operationId: 'listBodies',
    method: 'get',
    path: '/v1/bodies',
    summary: 'The bodies',
    tag: 'bodies',
    roles: ROLES,
    responses: { 200: { description: 'every body', schema: bodyListSchema } },
  },
  {
    operationId: 'getBody',
    method: 'get',
    path: '/v1/bodies/{id}',
    summary: 'One body',
    tag: 'bodies',
    roles: ROLES,
    request: { params: z.object({ id: bodyIdSchema }) },
    responses: { 200: { description: 'the body', schema: bodyViewSchema } },
    errors: { 404: 'no such body' },
  },
  {
    operationId: 'saveBody',
    method: 'post',
    path: '/v1/bodies',
    summary: 'Register or update a body (by id)',
    tag: 'bodies',
    roles: ['admin'],
    request: { body: bodySchema.meta({ id: 'Body' }) },
    responses: {
      200: { description: 'updated', schema: bodyViewSchema },
      201: { description: 'registered', schema: bodyViewSchema },
    },
    errors: { 409: 'the code belongs to another body', 422: 'escalatesTo names no quality-control body' },
  },
  {
    operationId: 'reviewDeadline',
    method: 'get',
    path: '/v1/calendar/deadline',
    summary: 'When the review term at a body ends for a complaint arriving at `from`',
    tag: 'calendar',
    roles: ROLES,
    request: { query: deadlineQuerySchema },
    responses: { 200: { description: 'the term', schema: deadlineSchema } },
    errors: { 404: 'no such body' },
  },
  {
    operationId: 'getCalendarYear',
    method: 'get',
    path: '/v1/calendar/{year}',
    summary: "A year's exceptional days and whether official data is loaded",
    tag: 'calendar',
    roles: ROLES,
    request: { params: yearParamsSchema },
    responses: { 200: { description: 'the year', schema: calendarYearViewSchema } },
  },
  {
    operationId: 'replaceCalendarYear',
    method: 'put',
    path: '/v1/calendar/{year}',
    summary: "Replace a year's exceptional days",
    tag: 'calendar',
    roles: ['admin'],
    request: { params: yearParamsSchema, body: calendarYearSchema.meta({ id: 'CalendarYear' }) },
    responses: { 200: { description: 'replaced', schema: calendarYearViewSchema } },
    errors: {
      422: 'a day outside the year, listed twice, or a weekday made a working day; `unusual_calendar`: a fixed holiday left out or a month without a working day, unless `confirmUnusual`',
    },
  },
  {
    operationId: 'slaReport',
    method: 'get',
    path: '/v1/reports/sla',
    summary: 'Review terms kept, per body (an official sees their own body)',
    tag: 'reports',
    roles: ['auditor', 'admin', 'official'],
    request: { query: slaQuerySchema },
    responses: { 200: { description: 'per body', schema: slaReportSchema } },
  },
  {
    operationId: 'listLetters',
    method: 'get',
    path: '/v1/outbox',
    summary: 'Letters queued for the post room (the post room uses an admin key)',
    tag: 'post room',
    roles: ['admin'],
    request: { query: outboxQuerySchema },
    responses: { 200: { description: 'a page of letters', schema: letterPageSchema } },
  },
  {
    operationId: 'getLetter',
    method: 'get',
    path: '/v1/outbox/{id}/letter',
    summary: 'A printable letter',
    tag: 'post room',
    roles: ['admin'],
    request: { params: letterParamsSchema, query: letterQuerySchema },
    responses: { 200: { description: 'the letter as HTML', contentType: 'text/html' } },
    errors: { 404: 'no such letter' },
  },
  {
    operationId: 'markLetterPosted',
    method: 'post',
    path: '/v1/outbox/{id}/posted',
    summary: 'The post room posted a letter: tracking number; the workflow is signalled. Idempotent.',
    tag: 'post room',
    roles: ['admin'],
    request: { params: letterParamsSchema, body: postedSchema.meta({ id: 'LetterPosted' }) },
    responses: { 200: { description: 'posted', schema: letterViewSchema } },
    errors: { 404: 'no such letter', 409: 'posted before with another tracking number', 422: 'not a tracking number' },
  },
  {
    operationId: 'recordLetterDelivered',
    method: 'post',
    path: '/v1/outbox/{id}/delivered',
    summary:
      "The post room recorded the letter's receipt (R9, R13: an answer's appeal window runs from it); the workflow is signalled. Idempotent.",
    tag: 'post room',
    roles: ['admin'],
    request: { params: letterParamsSchema, body: deliveredSchema.meta({ id: 'LetterDelivered' }) },
    responses: { 200: { description: 'delivered', schema: letterViewSchema } },
    errors: {
      404: 'no such letter',
      409: 'not posted yet, or recorded before with another time',
      422: 'not an instant, in the future or before the posting',
    },
  },
  // Auditors read histories and never write one: sealing with the live payload key is the
  // worker's alone (it holds the keys itself).
  {
    operationId: 'decodePayloads',
    method: 'post',
    path: '/v1/codec/decode',
    summary: "The Temporal UI's codec endpoint: decode payloads (auditors)",
    tag: 'codec',
    roles: ['auditor'],
    request: { body: codecPayloads },
    responses: { 200: { description: 'the payloads, decoded', schema: codecPayloads } },
    errors: { 422: 'a payload the codec cannot read' },
  },
  // The Temporal CLI asks its codec endpoint to encode what it sends (a query's arguments, for
  // `workflow metadata` or `describe`): answered with the payloads as given, never sealed, so no
  // caller can make a payload that reads as the worker's.
  {
    operationId: 'encodePayloads',
    method: 'post',
    path: '/v1/codec/encode',
    summary: "The Temporal CLI's codec endpoint: payloads passed through unsealed (auditors)",
    tag: 'codec',
    roles: ['auditor'],
    request: { body: codecPayloads },
    responses: { 200: { description: 'the same payloads, not encrypted', schema: codecPayloads } },
    errors: { 422: 'more payloads than one request carries' },
  },
] as const satisfies readonly RouteDeclaration[];
