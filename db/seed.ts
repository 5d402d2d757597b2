import { saveBody } from './bodies';
import { replaceCalendarYear } from './calendar';
import type { Db } from './database';
import { officialCalendar } from './seeds/calendar-days';
import { demoBodies } from './seeds/demo-bodies';

/** The official calendar for the years it covers, unless an admin has loaded a year already. */
export async function seedCalendar(db: Db): Promise<void> {
  const loaded = new Set((await db.selectFrom('calendar_years').select('year').execute()).map((r) => r.year));
  for (const year of officialCalendar.years) {
    if (loaded.has(year)) continue;
    const days = officialCalendar.days.filter((d) => d.date.startsWith(`${year}-`));
    await replaceCalendarYear(db, year, days, 'seed: official decrees (db/seeds/calendar-days.ts)');
  }
}

export async function seedDemoBodies(db: Db): Promise<void> {
  // The quality-control body first: the others reference it.
  for (const body of [...demoBodies].sort((a, b) => Number(!!a.escalates_to) - Number(!!b.escalates_to))) {
    const exists = await db.selectFrom('bodies').select('id').where('id', '=', body.id).executeTakeFirst();
    if (!exists) await saveBody(db, body);
    // Data directories from before the heads' contacts: give the demo heads theirs.
    else
      await db
        .updateTable('bodies')
        .set({ head_email: body.head_email, head_phone: body.head_phone })
        .where('id', '=', body.id)
        .where('head_email', 'is', null)
        .where('head_phone', 'is', null)
        .execute();
  }
}
