// The complaint worker as it registered a filing before the one-call filing, for the bench's before/after:
// each registration first reads its body, looks for the stage already registered and reloads the
// whole working calendar, then registers as today (the copies it then uses cost nothing more).
// Everything else is worker/main.ts.
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { RegisterComplaintRequest } from '../../activities/registration';
import { findBody } from '../../db/bodies';
import { loadCalendarData } from '../../db/calendar';
import { createDb } from '../../db/database';
import { createWorkingCalendar } from '../../domain/calendar';

const db = createDb(process.env.DATABASE_URL!, 4);
const create = Worker.create.bind(Worker);
Worker.create = (options: WorkerOptions) => {
  const activities = options.activities as Record<string, (req: RegisterComplaintRequest) => Promise<unknown>>;
  const register = activities.registerComplaint;
  activities.registerComplaint = async (req) => {
    await findBody(db, req.bodyId);
    await db
      .selectFrom('review_stages')
      .innerJoin('complaints', 'complaints.id', 'review_stages.complaint_id')
      .selectAll('review_stages')
      .select('complaints.channel')
      .where('review_stages.complaint_id', '=', req.complaintId)
      .where('review_stages.stage', '=', req.stage)
      .executeTakeFirst();
    createWorkingCalendar(await loadCalendarData(db));
    return register(req);
  };
  return create(options);
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../worker/main');
