// Express 5 hands a listen error to the callback and otherwise drops it: a port already in use
// would log "listening" or fail later with a TypeError. Here it is a clear, rejected promise.
import type { Server } from 'node:http';
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

export function listen(app: express.Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      if (err) reject(new ListenError(port, (err as NodeJS.ErrnoException).code, err));
      else resolve(server);
    };
    const server = host === undefined ? app.listen(port, done) : app.listen(port, host, done);
  });
}
