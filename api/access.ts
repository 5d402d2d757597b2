import type { Request } from 'express';
import { findComplaint, type ComplaintRecord } from '../db/complaints';
import type { Db } from '../db/database';
import { principalOf } from './auth';
import { ApiError } from './errors';

/** May this principal read the complaint? (SPEC "Users and roles") */
export function canRead(req: Request, c: ComplaintRecord): boolean {
  const p = principalOf(req);
  switch (p.role) {
    case 'auditor': return true;
    case 'intake': return c.filed_by === p.id;
    case 'official': return c.reviewing_body_id === p.bodyId;
    case 'portal': return c.complainant_id === p.complainantId;
    default: return false;
  }
}

/**
 * The complaint, or 404 for one that does not exist or that the caller may not see (a foreign
 * case is not confirmed to exist).
 */
export async function visibleComplaint(db: Db, req: Request, id: string): Promise<ComplaintRecord> {
  const c = /^[0-9a-f-]{36}$/i.test(id) ? await findComplaint(db, id) : undefined;
  if (!c || !canRead(req, c)) throw new ApiError(404, 'complaint_not_found', `no complaint ${id}`);
  return c;
}
