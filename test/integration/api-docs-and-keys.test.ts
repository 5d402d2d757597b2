// The OpenAPI document and its page, the metrics, and the API-key command line.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { findApiKey } from '../../db/api-keys';
import { apiAs } from '../support/api-client';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { IIN, portalComplaint } from '../support/complaints';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('OpenAPI', () => {
  it('documents every route with its zod schemas, roles and bearer security', async () => {
    const res = await request(stack.app).get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const file = doc.paths['/v1/complaints'].post;
    expect(file.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Complaint' });
    expect(file.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.schemas.Complaint.properties.channel.enum).toContain('video_appeal');
    expect(doc.components.schemas.Extension.properties.workingDays).toMatchObject({ minimum: 1, maximum: 10 });
    const list = doc.paths['/v1/complaints'].get;
    expect(list.parameters.map((p: { name?: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'bodyId',
        'overdue',
        'channel',
        'deadlineBefore',
        'registeredFrom',
        'registeredTo',
        'limit',
        'cursor',
      ]),
    );
    expect(doc.paths['/v1/complaints/{id}/history'].get['x-roles']).toEqual(['auditor']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('renders in Swagger UI served from this server: nothing from outside', async () => {
    const res = await request(stack.app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).not.toMatch(/https?:\/\//);
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual([
      '/docs/assets/swagger-ui.css',
      '/docs/assets/favicon-32x32.png',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/start.js',
    ]);
    for (const asset of assets) {
      const file = await request(stack.app).get(asset);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(/css|javascript|png/);
    }
    expect((await request(stack.app).get('/docs/start.js')).text).toContain("url: '/openapi.json'");
  });
});

describe('metrics', () => {
  it('counts filings and times requests by route pattern, without personal data', async () => {
    const api = apiAs(stack);
    const filed = await api.post('/v1/complaints', 'intake', portalComplaint('con-almaty'));
    expect(filed.status).toBe(201);
    await api.get(`/v1/complaints/${filed.body.id}`, { portal: IIN });
    const res = await request(stack.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/complaints_filed_total\{channel="portal"\} 1/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{route="\/v1\/complaints\/:id",method="GET",status="200"\} 1/,
    );
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{route="\/v1\/complaints",method="POST",status="201"\} 1/,
    );
    expect(res.text).not.toContain(filed.body.id);
    expect(res.text).not.toContain(IIN);
  });

  it('shows the complaints overdue now, per reviewing body, from the register', async () => {
    const filed = await apiAs(stack).post('/v1/complaints', 'intake', portalComplaint('mlsp'));
    await stack.db.updateTable('complaints').set({ overdue: true }).where('id', '=', filed.body.id).execute();
    const res = await request(stack.app).get('/metrics');
    expect(res.text).toMatch(/complaints_overdue\{body="mlsp"\} 1/);
  });
});

describe('npm run apikey', () => {
  const databaseUrl = () => stack.databaseUrl;
  const apikey = (args: string[], env: Record<string, string | undefined>) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(
        process.execPath,
        [require.resolve('tsx/cli'), resolve(__dirname, '../../scripts/apikey.ts'), ...args],
        {
          env: { ...process.env, DATABASE_URL: undefined, ...env },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('close', (code) => done({ code, out, err }));
    });

  it('creates an official key bound to a body and issued to a person, prints the key on its last line, lists and revokes it', async () => {
    const created = await apikey(
      [
        'create',
        '--role',
        'official',
        '--body',
        'akimat-almaty',
        '--name',
        'Жумабаев К.Б.',
        '--position',
        'главный специалист отдела земельных отношений',
        '--label',
        'land department',
      ],
      { DATABASE_URL: databaseUrl() },
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('issued to Жумабаев К.Б. (главный специалист отдела земельных отношений)');
    const key = created.out.trim().split('\n').pop()!;
    const found = await findApiKey(stack.db, key);
    expect(found).toMatchObject({
      role: 'official',
      bodyId: 'akimat-almaty',
      label: 'land department',
      person: { surname: 'Жумабаев', initials: 'К.Б.', position: 'главный специалист отдела земельных отношений' },
    });
    const listed = await apikey(['list'], { DATABASE_URL: databaseUrl() });
    expect(listed.out).toContain(found!.id);
    expect(listed.out).toContain('Жумабаев К.Б., главный специалист');
    expect(listed.out).not.toContain(key);
    expect((await apikey(['revoke', found!.id], { DATABASE_URL: databaseUrl() })).code).toBe(0);
    expect(await findApiKey(stack.db, key)).toBeUndefined();
  });

  it('refuses bad arguments and explains a missing DATABASE_URL', async () => {
    const noBody = await apikey(['create', '--role', 'official'], { DATABASE_URL: databaseUrl() });
    expect(noBody.code).toBe(2);
    expect(noBody.err).toContain('--body');
    // An official key is issued to a named person with a position; other roles to none.
    const noPerson = await apikey(['create', '--role', 'official', '--body', 'akimat-almaty'], {
      DATABASE_URL: databaseUrl(),
    });
    expect(noPerson.code).toBe(2);
    expect(noPerson.err).toContain('--name');
    const noPosition = await apikey(
      ['create', '--role', 'official', '--body', 'akimat-almaty', '--name', 'Жумабаев К.Б.'],
      { DATABASE_URL: databaseUrl() },
    );
    expect(noPosition.code).toBe(2);
    expect(
      (
        await apikey(
          ['create', '--role', 'official', '--body', 'akimat-almaty', '--name', 'Жумабаев', '--position', 'x'],
          { DATABASE_URL: databaseUrl() },
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await apikey(['create', '--role', 'auditor', '--name', 'Жумабаев К.Б.', '--position', 'x'], {
          DATABASE_URL: databaseUrl(),
        })
      ).code,
    ).toBe(2);
    expect((await apikey(['create', '--role', 'superuser'], { DATABASE_URL: databaseUrl() })).code).toBe(2);
    expect(
      (
        await apikey(
          ['create', '--role', 'official', '--body', 'no-such-body', '--name', 'Жумабаев К.Б.', '--position', 'x'],
          { DATABASE_URL: databaseUrl() },
        )
      ).code,
    ).toBe(1);
    const noUrl = await apikey(['list'], {});
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toContain('DATABASE_URL is not set');
  });
});
