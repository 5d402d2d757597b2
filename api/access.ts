import { findComplaint, type ComplaintRecord, type ReadScope } from '../db/complaints';
import type { Db } from '../db/database';
import type { EventScope } from '../db/event-feed';
import type { Principal } from './auth';
import { ApiError } from './errors';

/** Roles that read cases, each within its scope; admin reads none. */
export const CASE_READERS = ['intake', 'official', 'portal', 'auditor'] as const;

/** May this principal read the complaint? (SPEC "Users and roles") */
export function canRead(p: Principal, c: ComplaintRecord): boolean {
  switch (p.role) {
    case 'auditor':
      return true;
    case 'intake':
      return c.filed_by === p.id;
    case 'official':
      return c.reviewing_body_id === p.bodyId;
    case 'portal':
      return c.complainant_id === p.complainantId;
    default:
      return false;
  }
}

/** The same rule as canRead, as a condition on the case list; admin reads no cases. */
export function readScope(p: Principal): ReadScope {
  switch (p.role) {
    case 'auditor':
      return { all: true };
    case 'intake':
      return { column: 'filed_by', value: p.id };
    case 'official':
      return { column: 'reviewing_body_id', value: p.bodyId ?? '' };
    case 'portal':
      return { column: 'complainant_id', value: p.complainantId ?? '' };
    default:
      throw new ApiError(403, 'forbidden', 'this role reads no complaints');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The complaint, or 404 for one that does not exist or that the caller may not see (a foreign
 * case is not confirmed to exist). Its earlier cases on the same matter are those the caller may open.
 */
export async function visibleComplaint(db: Db, p: Principal, id: string): Promise<ComplaintRecord> {
  const reads = (CASE_READERS as readonly string[]).includes(p.role);
  const c = reads && UUID.test(id) ? await findComplaint(db, id, readScope(p)) : undefined;
  if (!c || !canRead(p, c)) throw new ApiError(404, 'complaint_not_found', `no complaint ${id}`);
  return c;
}

/**
 * Whose events a key reads in the feed, by the rule of the case list: an intake system the
 * complaints it filed, an official the stages of their body, auditors and administrators all.
 */
export function eventScope(p: Principal): EventScope {
  switch (p.role) {
    case 'auditor':
    case 'admin':
      return { all: true };
    case 'intake':
      return { filedBy: p.id };
    case 'official':
      return { bodyId: p.bodyId ?? '' };
    default:
      throw new ApiError(403, 'forbidden', 'this role reads no events');
  }
}
