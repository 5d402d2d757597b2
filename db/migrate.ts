import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database';
import * as caseRegister from './migrations/0001-case-register';
import * as historyArchive from './migrations/0002-history-archive-and-case-list';
import * as caseListFilterIndexes from './migrations/0003-case-list-filter-indexes';
import * as casesComingDueIndex from './migrations/0004-cases-coming-due-index';
import * as apiKeyPersons from './migrations/0005-api-key-persons';
import * as repeatedComplaints from './migrations/0008-repeated-complaints';
import * as archiveWalkIndex from './migrations/0009-archive-walk-index';
import * as bodyHeadContacts from './migrations/0010-body-head-contacts';
import * as rateLimitWindows from './migrations/0011-rate-limit-windows';
import * as calendarFallback from './migrations/0013-calendar-fallback';
import * as pageSessions from './migrations/0014-page-sessions';
import * as noticeLanguage from './migrations/0015-notice-language';
import * as calendarEstimates from './migrations/0016-calendar-estimates';
import * as eventsAndWebhooks from './migrations/0017-events-and-webhooks';
import * as personSessions from './migrations/0018-person-sessions';
import * as overdueHeadDigests from './migrations/0019-overdue-head-digests';
import * as caseListAtAMillion from './migrations/0020-case-list-at-a-million';
import * as historyArchiveGaps from './migrations/0021-history-archive-gaps';
import * as slaStagesCovering from './migrations/0022-sla-stages-covering';
import * as caseListFiltersInIndex from './migrations/0023-case-list-filters-in-index';

// Listed here rather than read from the folder, so the same code runs under tsx, jest and tsc output.
const migrations: Record<string, Migration> = {
  '0001-case-register': caseRegister,
  '0002-history-archive-and-case-list': historyArchive,
  '0003-case-list-filter-indexes': caseListFilterIndexes,
  '0004-cases-coming-due-index': casesComingDueIndex,
  '0005-api-key-persons': apiKeyPersons,
  '0008-repeated-complaints': repeatedComplaints,
  '0009-archive-walk-index': archiveWalkIndex,
  '0010-body-head-contacts': bodyHeadContacts,
  '0011-rate-limit-windows': rateLimitWindows,
  '0013-calendar-fallback': calendarFallback,
  '0014-page-sessions': pageSessions,
  '0015-notice-language': noticeLanguage,
  '0016-calendar-estimates': calendarEstimates,
  '0017-events-and-webhooks': eventsAndWebhooks,
  '0018-person-sessions': personSessions,
  '0019-overdue-head-digests': overdueHeadDigests,
  '0020-case-list-at-a-million': caseListAtAMillion,
  '0021-history-archive-gaps': historyArchiveGaps,
  '0022-sla-stages-covering': slaStagesCovering,
  '0023-case-list-filters-in-index': caseListFiltersInIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
