// Everything the worker bundles: deterministic workflow code only.
export { complaintWorkflow } from './complaint';
export { historyArchiverWorkflow } from './archiver';
export { overdueDigestWorkflow } from './overdue-digest';
