import type { Connection } from '@temporalio/client';
import { complaintSearchAttributes } from '../workflows/search-attributes';

const indexedValueType: Record<string, number> = { TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7 };

/** Registers CaseStatus, ReviewingBody, … on a server that lacks them (an external cluster). */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = complaintSearchAttributes.filter((k) => !(customAttributes && k.name in customAttributes));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, indexedValueType[k.type]])),
  });
}
