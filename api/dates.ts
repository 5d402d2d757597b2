// Dates and instants in queries, bounded to years PostgreSQL and the calendar handle alike: year
// 0000 does not exist for PostgreSQL, and a term counted from 9999 ends past what RFC 3339 writes.
import { z } from 'zod';
import { isoDateSchema } from '../domain/complaint';

const YEAR_1900_TO_2999 = /^(19|2\d)\d\d-/;
const yearMessage = 'the year must be from 1900 to 2999';

export const boundedDateSchema = isoDateSchema.regex(YEAR_1900_TO_2999, yearMessage).meta({ format: 'date' });

export const boundedInstantSchema = z.iso
  .datetime({ offset: true })
  .regex(YEAR_1900_TO_2999, yearMessage)
  .meta({ format: 'date-time' });
