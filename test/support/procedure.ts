import type { ProcedureSettings } from '../../domain/procedure-settings';

/** The tests' appeal window: 30 days, so a test counts it in whole days on any date (not the law's months). */
export const TEST_PROCEDURE: ProcedureSettings = { appealWindowDays: 30 };
