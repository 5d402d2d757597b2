// A listen error (a port already in use) is a clear, rejected promise, never a "listening" line
// followed by a TypeError later.
import { createServer, type Server } from 'node:http';
import type express from 'express';

export class ListenError extends Error {
  constructor(
    readonly port: number,
    readonly code: string | undefined,
    cause: Error,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} is already in use: stop what is listening there or set PORT to a free port`
        : code === 'EACCES'
          ? `port ${port} needs privileges this process does not have: set PORT to a port above 1023`
          : `cannot listen on port ${port}: ${cause.message}`,
      { cause },
    );
    this.name = 'ListenError';
  }
}

/**
 * How long a client may take to send a request: its headers, and the whole request with its body.
 * A slow sender otherwise holds a connection (and its parser) for minutes. Generous for a person
 * on a slow mobile line: the largest body (256 kB) needs 60 s only below about 35 kbit/s.
 * Node checks the open connections against them every `checkEveryMs`.
 */
export interface RequestTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  checkEveryMs: number;
}
export const REQUEST_TIMEOUTS: RequestTimeouts = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  checkEveryMs: 5_000,
};

/** The one place where the API's HTTP server is made: `npm start`, the API process, the benches. */
export function listen(
  app: express.Express,
  port: number,
  host?: string,
  timeouts: RequestTimeouts = REQUEST_TIMEOUTS,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        connectionsCheckingInterval: timeouts.checkEveryMs,
      },
      app,
    );
    const failed = (err: Error) => reject(new ListenError(port, (err as NodeJS.ErrnoException).code, err));
    server.once('error', failed);
    const done = () => {
      server.off('error', failed);
      resolve(server);
    };
    if (host === undefined) server.listen(port, done);
    else server.listen(port, host, done);
  });
}
