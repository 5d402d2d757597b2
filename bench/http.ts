// A keep-alive HTTP client for the API under test: node:http with a pooled agent, so the
// figures measure the server, not connection set-up or fetch's own overhead.
import { Agent, request } from 'node:http';

export interface HttpResponse<T = any> {
  status: number;
  body: T;
}

export interface ApiClient {
  get<T = any>(path: string, key: string, headers?: Record<string, string>): Promise<HttpResponse<T>>;
  post<T = any>(path: string, key: string, body: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>>;
  close(): void;
  /** Where the API listens (for a browser's requests: the pages, with a session cookie). */
  baseUrl: string;
}

export function apiClient(baseUrl: string, maxSockets = 64): ApiClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  const send = <T>(method: string, path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<HttpResponse<T>>((ok, fail) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${key}`,
            accept: 'application/json',
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON: keep the text */
            }
            ok({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(payload);
    });
  return {
    get: (path, key, headers) => send('GET', path, key, undefined, headers),
    post: (path, key, body, headers) => send('POST', path, key, body, headers),
    close: () => agent.destroy(),
    baseUrl,
  };
}

/** Throws with the API's error body unless the status is the one expected. */
export function expectStatus<T>(res: HttpResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}
