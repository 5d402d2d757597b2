/**
 * Official working-day calendar of the Republic of Kazakhstan (five-day week), 2024–2027:
 * every exceptional date — holidays, moved days off (holiday on Sat/Sun → next working day),
 * transfers (a weekend day made working, another day made a day off) and the first day of
 * Kurban Ait. An admin can replace a year (`PUT /calendar/:year`).
 *
 * Sources (researched November 2026 from press reports of the official acts and of the egov.kz
 * calendar; holiday/moved rows follow the Law "On holidays in the Republic of Kazakhstan" art. 5):
 * - Since 2024 transfers are made by ORDER (приказ) of the Minister of Labour and Social
 *   Protection of the Population under Labour Code art. 85 p. 3, no longer by Government decree.
 * - 2024: order of the acting Minister of 17 April 2024 "О переносе дня отдыха в 2024 году":
 *   day off moved from Sat 4 May to Wed 8 May 2024 (order number not found). egov.kz 2024:
 *   23 Mar → 25 Mar, 6 Jul → 8 Jul; 7 Jan and Kurban Ait (16 Jun, DUMK announcement of
 *   7 Jun 2024) fell on Sundays and do not move. No other 2024 transfer found.
 * - 2025: Minister's order approved 21 November 2024: day off moved from SUNDAY 5 Jan to
 *   Fri 3 Jan 2025, so Sun 5 Jan 2025 was a working day (not a Saturday in July, as once
 *   assumed). The Ministry stated in April 2025 that no other 2025 transfer was planned.
 *   Kurban Ait 6 Jun 2025. egov.kz 2025 moves: 10 Mar, 24–25 Mar, 7 Jul, 1 Sep, 27 Oct.
 * - 2026: no transfer order found (the Ministry said none for January; its 2026 production
 *   calendar of December 2025 lists only the law's moves). Constitution Day is NOT a day off in
 *   2026: after the new Constitution adopted at the referendum of 15 Mar 2026 the Ministry
 *   announced (18 Mar 2026) that 30 Aug is no longer Constitution Day, so its moved day
 *   31 Aug 2026 is a working day; 15 Mar is celebrated from 2027. Kurban Ait 27 May 2026
 *   (DUMK religious calendar published 6 Nov 2025).
 * UNCONFIRMED:
 * - 2026: a transfer order issued late in 2026 (e.g. around New Year 2027) would be missing.
 * - 2027: no official calendar or transfer order found yet; rows are derived from the law
 *   (Constitution Day 15 Mar from 2027). Kurban Ait 16 May 2027 (a Sunday) is an astronomical
 *   estimate (DUMK publishes ~November; may shift ±1 day — if it is Mon 17 May, update the row).
 */
import type { CalendarData } from '../../domain/calendar';

export const officialCalendar: CalendarData = {
  years: [2024, 2025, 2026, 2027],
  days: [
    // 2024
    { date: '2024-01-01', kind: 'holiday', name: 'New Year' },
    { date: '2024-01-02', kind: 'holiday', name: 'New Year' },
    { date: '2024-01-07', kind: 'holiday', name: 'Orthodox Christmas (Sunday, not moved)' },
    { date: '2024-03-08', kind: 'holiday', name: "International Women's Day" },
    { date: '2024-03-21', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2024-03-22', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2024-03-23', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2024-03-25', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sat 23 Mar)' },
    { date: '2024-05-01', kind: 'holiday', name: 'Kazakhstan People’s Unity Day' },
    { date: '2024-05-04', kind: 'working_day', name: 'Working Saturday (day off transferred to 8 May)' },
    { date: '2024-05-07', kind: 'holiday', name: 'Defender of the Fatherland Day' },
    { date: '2024-05-08', kind: 'transferred_day_off', name: 'Day off transferred from Sat 4 May' },
    { date: '2024-05-09', kind: 'holiday', name: 'Victory Day' },
    { date: '2024-06-16', kind: 'holiday', name: 'Kurban Ait, first day (Sunday, not moved)' },
    { date: '2024-07-06', kind: 'holiday', name: 'Capital City Day' },
    { date: '2024-07-08', kind: 'moved_day_off', name: 'Day off for Capital City Day (Sat 6 Jul)' },
    { date: '2024-08-30', kind: 'holiday', name: 'Constitution Day' },
    { date: '2024-10-25', kind: 'holiday', name: 'Republic Day' },
    { date: '2024-12-16', kind: 'holiday', name: 'Independence Day' },

    // 2025
    { date: '2025-01-01', kind: 'holiday', name: 'New Year' },
    { date: '2025-01-02', kind: 'holiday', name: 'New Year' },
    { date: '2025-01-03', kind: 'transferred_day_off', name: 'Day off transferred from Sun 5 Jan' },
    { date: '2025-01-05', kind: 'working_day', name: 'Working Sunday (day off transferred to 3 Jan)' },
    { date: '2025-01-07', kind: 'holiday', name: 'Orthodox Christmas' },
    { date: '2025-03-08', kind: 'holiday', name: "International Women's Day" },
    { date: '2025-03-10', kind: 'moved_day_off', name: "Day off for International Women's Day (Sat 8 Mar)" },
    { date: '2025-03-21', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2025-03-22', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2025-03-23', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2025-03-24', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sat 22 Mar)' },
    { date: '2025-03-25', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sun 23 Mar)' },
    { date: '2025-05-01', kind: 'holiday', name: 'Kazakhstan People’s Unity Day' },
    { date: '2025-05-07', kind: 'holiday', name: 'Defender of the Fatherland Day' },
    { date: '2025-05-09', kind: 'holiday', name: 'Victory Day' },
    { date: '2025-06-06', kind: 'holiday', name: 'Kurban Ait, first day' },
    { date: '2025-07-06', kind: 'holiday', name: 'Capital City Day' },
    { date: '2025-07-07', kind: 'moved_day_off', name: 'Day off for Capital City Day (Sun 6 Jul)' },
    { date: '2025-08-30', kind: 'holiday', name: 'Constitution Day' },
    { date: '2025-09-01', kind: 'moved_day_off', name: 'Day off for Constitution Day (Sat 30 Aug)' },
    { date: '2025-10-25', kind: 'holiday', name: 'Republic Day' },
    { date: '2025-10-27', kind: 'moved_day_off', name: 'Day off for Republic Day (Sat 25 Oct)' },
    { date: '2025-12-16', kind: 'holiday', name: 'Independence Day' },

    // 2026 (no Constitution Day this year, see header)
    { date: '2026-01-01', kind: 'holiday', name: 'New Year' },
    { date: '2026-01-02', kind: 'holiday', name: 'New Year' },
    { date: '2026-01-07', kind: 'holiday', name: 'Orthodox Christmas' },
    { date: '2026-03-08', kind: 'holiday', name: "International Women's Day" },
    { date: '2026-03-09', kind: 'moved_day_off', name: "Day off for International Women's Day (Sun 8 Mar)" },
    { date: '2026-03-21', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2026-03-22', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2026-03-23', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2026-03-24', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sat 21 Mar)' },
    { date: '2026-03-25', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sun 22 Mar)' },
    { date: '2026-05-01', kind: 'holiday', name: 'Kazakhstan People’s Unity Day' },
    { date: '2026-05-07', kind: 'holiday', name: 'Defender of the Fatherland Day' },
    { date: '2026-05-09', kind: 'holiday', name: 'Victory Day' },
    { date: '2026-05-11', kind: 'moved_day_off', name: 'Day off for Victory Day (Sat 9 May)' },
    { date: '2026-05-27', kind: 'holiday', name: 'Kurban Ait, first day' },
    { date: '2026-07-06', kind: 'holiday', name: 'Capital City Day' },
    { date: '2026-10-25', kind: 'holiday', name: 'Republic Day' },
    { date: '2026-10-26', kind: 'moved_day_off', name: 'Day off for Republic Day (Sun 25 Oct)' },
    { date: '2026-12-16', kind: 'holiday', name: 'Independence Day' },

    // 2027 (law-derived; Kurban Ait estimated — see header)
    { date: '2027-01-01', kind: 'holiday', name: 'New Year' },
    { date: '2027-01-02', kind: 'holiday', name: 'New Year' },
    { date: '2027-01-04', kind: 'moved_day_off', name: 'Day off for New Year (Sat 2 Jan)' },
    { date: '2027-01-07', kind: 'holiday', name: 'Orthodox Christmas' },
    { date: '2027-03-08', kind: 'holiday', name: "International Women's Day" },
    { date: '2027-03-15', kind: 'holiday', name: 'Constitution Day' },
    { date: '2027-03-21', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2027-03-22', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2027-03-23', kind: 'holiday', name: 'Nauryz meiramy' },
    { date: '2027-03-24', kind: 'moved_day_off', name: 'Day off for Nauryz meiramy (Sun 21 Mar)' },
    { date: '2027-05-01', kind: 'holiday', name: 'Kazakhstan People’s Unity Day' },
    { date: '2027-05-03', kind: 'moved_day_off', name: 'Day off for Kazakhstan People’s Unity Day (Sat 1 May)' },
    { date: '2027-05-07', kind: 'holiday', name: 'Defender of the Fatherland Day' },
    { date: '2027-05-09', kind: 'holiday', name: 'Victory Day' },
    { date: '2027-05-10', kind: 'moved_day_off', name: 'Day off for Victory Day (Sun 9 May)' },
    {
      date: '2027-05-16',
      kind: 'holiday',
      name: 'Kurban Ait, first day (estimated; Sunday, not moved)',
      estimate: true,
    },
    { date: '2027-07-06', kind: 'holiday', name: 'Capital City Day' },
    { date: '2027-10-25', kind: 'holiday', name: 'Republic Day' },
    { date: '2027-12-16', kind: 'holiday', name: 'Independence Day' },
  ],
};
