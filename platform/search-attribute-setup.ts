import type { Connection } from '@temporalio/client';
import { complaintSearchAttributes } from '../workflows/search-attributes';

const indexedValueType: Record<string, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};
const UNIMPLEMENTED = 12;
const ALREADY_EXISTS = 6;

/**
 * Registers CaseStatus, ReviewingBody, … where they are missing (an external cluster, the Java
 * test server). The test server cannot list search attributes, so there all are added.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  let existing: Record<string, unknown> = {};
  try {
    existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if ((err as { code?: number }).code !== UNIMPLEMENTED) throw err;
  }
  const missing = complaintSearchAttributes.filter((k) => !(k.name in existing));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, indexedValueType[k.type]])),
    });
  } catch (err) {
    // The API and the worker start together and may both add them: the second finds them there.
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
}
