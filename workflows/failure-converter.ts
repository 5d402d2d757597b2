import { DefaultFailureConverter } from '@temporalio/common';

// Failure messages and stack traces can quote what a complaint says: they go into an encoded
// payload, so the payload codec encrypts them like every other payload. Loaded by path
// (`failureConverterPath`) in the workflow sandbox, the worker and every client alike.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
