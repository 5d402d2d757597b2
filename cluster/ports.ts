// Every port the cluster takes from its base, and a base whose ports are all free (tests, bench).
import { createServer } from 'node:net';
import { temporalPorts } from './temporal-config';

export function clusterPorts(base: number, apiReplicas = 2): number[] {
  const t = temporalPorts(base);
  return [
    base + 100,
    ...Array.from({ length: apiReplicas }, (_, i) => base + 300 + i),
    t.frontend.grpc,
    t.frontend.membership,
    t.frontend.http,
    t.history.grpc,
    t.history.membership,
    t.matching.grpc,
    t.matching.membership,
    t.worker.grpc,
    t.worker.membership,
    ...Object.values(t.metrics),
  ];
}

function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => ok(false));
    server.listen(port, '127.0.0.1', () => server.close(() => ok(true)));
  });
}

/**
 * A random base in 20000–31000 whose every cluster port is free now: below Linux's ephemeral
 * range (32768 up), where any outgoing connection could take one of them in the meantime.
 */
export async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12) * 1_000;
    if ((await Promise.all(clusterPorts(base).map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free port base for the cluster');
}
