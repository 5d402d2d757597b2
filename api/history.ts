import { isGrpcServiceError, type Client } from '@temporalio/client';
import { historyToJSON, JSONToPayload, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { Db } from '../db/database';
import { loadArchivedHistory } from '../db/workflow-histories';
import { complaintWorkflowId } from '../workflows/complaint-messages';

const GRPC_NOT_FOUND = 5;

export interface CaseHistory {
  complaintId: string;
  workflowId: string;
  /** Temporal while it keeps the run; the archive after its retention period. */
  source: 'temporal' | 'archive';
  archivedAt: string | null;
  events: Array<Record<string, unknown>>;
}

/**
 * The complaint workflow's full event history, from Temporal or else from the archive, with
 * payloads decoded: the same shape either way. Undefined when neither has it.
 */
export async function caseHistory(client: Client, db: Db, complaintId: string): Promise<CaseHistory | undefined> {
  const workflowId = complaintWorkflowId(complaintId);
  let historyJson: string;
  let archivedAt: string | null = null;
  let source: CaseHistory['source'] = 'temporal';
  try {
    historyJson = historyToJSON(await client.workflow.getHandle(workflowId).fetchHistory());
  } catch (err) {
    if (!(isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)) throw err;
    const archived = await loadArchivedHistory(db, complaintId);
    if (!archived) return undefined;
    ({ historyJson } = archived);
    archivedAt = archived.archivedAt.toISOString();
    source = 'archive';
  }
  const { events = [] } = JSON.parse(historyJson) as { events?: Array<Record<string, unknown>> };
  return { complaintId, workflowId, source, archivedAt, events: await decodeEvents(client, events) };
}

/** `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED` → `WorkflowExecutionStarted`, as the Temporal UI names events. */
const eventTypeName = (t: string) =>
  t
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

async function decodeEvents(
  client: Client,
  events: Array<Record<string, unknown>>,
): Promise<Array<Record<string, unknown>>> {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  const decodePayload = async (json: JSONPayload): Promise<unknown> => {
    try {
      let payload = JSONToPayload(json);
      for (const codec of [...payloadCodecs].reverse()) [payload] = await codec.decode([payload]);
      return payloadConverter.fromPayload(payload);
    } catch {
      return json; // an encoding this server cannot read stays as Temporal stored it
    }
  };
  const decode = async (node: unknown, key?: string): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map((n) => decode(n)));
    if (node === null || typeof node !== 'object') {
      return key === 'eventType' && typeof node === 'string' ? eventTypeName(node) : node;
    }
    const o = node as Record<string, unknown>;
    if (isPayload(o)) return decodePayload(o as JSONPayload);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = await decode(v, k);
    return out;
  };
  return (await decode(events)) as Array<Record<string, unknown>>;
}

function isPayload(o: Record<string, unknown>): boolean {
  const metadata = o.metadata as Record<string, unknown> | undefined;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata.encoding === 'string' &&
    Object.keys(o).every((k) => k === 'metadata' || k === 'data' || k === 'externalPayloads')
  );
}
