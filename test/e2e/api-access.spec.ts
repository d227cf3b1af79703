import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApiKeyService } from '../../src/access/api-key.service.js';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { RATE_LIMIT_SYNC_MS } from '../../src/infra/redis/rate-limit.redis.js';
import { waitFor, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';
import { ADMIN_TOKEN, startHerrenbergHub } from './api-support.js';

interface NewKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  perMinute: number;
  revokedAt: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts are per one-minute window: start a burst early enough in a window to finish in it. */
async function freshWindow(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 50_000) await sleep(60_000 - intoWindow + 200);
}

function admin(base: string, method: string, route: string, body?: unknown, token = ADMIN_TOKEN): Promise<Response> {
  return fetch(`${base}/v1/admin${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const get = (base: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}/v1/parkings?limit=1`, { headers });

describe('access: API keys, rate limits, admin token', () => {
  const iso = isolation('api_access');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso, {}, { anonymousPerMinute: 3 });
    base = hub.url as string;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('anonymous clients are limited per IP (X-Forwarded-For from the trusted loopback proxy)', async () => {
    await freshWindow();
    const ip = { 'X-Forwarded-For': '203.0.113.7' };
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await get(base, ip);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('ratelimit-remaining') as string);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const over = await get(base, ip);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await get(base, { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(200);
    // Docs and probes are not limited.
    expect((await fetch(`${base}/docs/openapi.json`, { headers: ip })).status).toBe(200);
  });

  it('a key over its quota gets 429 while another key still works; a revoked key gets 401', async () => {
    await freshWindow();
    const a = (await (await admin(base, 'POST', '/keys', { name: 'app A', perMinute: 2 })).json()) as NewKey;
    const bRes = await admin(base, 'POST', '/keys', { name: 'app B', perMinute: 5 });
    expect(bRes.status).toBe(201);
    const b = (await bRes.json()) as NewKey;
    expect(a).toMatchObject({ name: 'app A', perMinute: 2, revokedAt: null, prefix: a.key.slice(0, 11) });
    expect(a.key).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await get(base, { 'X-API-Key': a.key })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const withB = await get(base, { 'X-API-Key': b.key });
    expect(withB.status).toBe(200);
    expect(withB.headers.get('ratelimit-limit')).toBe('5');
    expect(withB.headers.get('ratelimit-remaining')).toBe('4');

    const revoked = await admin(base, 'DELETE', `/keys/${a.id}`);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as NewKey).revokedAt).not.toBeNull();
    const afterRevoke = await get(base, { 'X-API-Key': a.key });
    expect(afterRevoke.status).toBe(401);
    expect(await afterRevoke.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'unknown or revoked API key' },
    });
    expect((await get(base, { 'X-API-Key': b.key })).status).toBe(200);
  });

  it('two API instances count into one window: the limit holds across them (Redis, within one sync interval)', async () => {
    const second = await startHerrenbergHub(iso, { role: 'api' }, { anonymousPerMinute: 3 });
    try {
      await freshWindow();
      const ip = { 'X-Forwarded-For': '203.0.113.9' };
      const statuses: number[] = [];
      // Processes share counts through Redis at least every RATE_LIMIT_SYNC_MS (rate-limit.redis.ts).
      for (const url of [base, second.url as string, base, second.url as string]) {
        statuses.push((await get(url, ip)).status);
        await sleep(RATE_LIMIT_SYNC_MS + 50);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await second.close();
    }
  });

  it('an unknown or malformed key is a 401, never an anonymous read, and counts against the IP', async () => {
    await freshWindow();
    const from = (key: string) => ({ 'X-API-Key': key, 'X-Forwarded-For': '203.0.113.10' });
    const statuses: number[] = [];
    for (const key of [`mh_${'A'.repeat(43)}`, 'hello', `mh_${'B'.repeat(43)}`, 'again'])
      statuses.push((await get(base, from(key))).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('/v1/admin needs the token; key listing shows no secret; bad bodies and ids are 400 and 404', async () => {
    const none = await fetch(`${base}/v1/admin/keys`);
    expect(none.status).toBe(401);
    expect(none.headers.get('cache-control')).toBe('no-store');
    expect((await admin(base, 'GET', '/keys', undefined, 'wrong-token-0123456789')).status).toBe(401);
    const list = (await (await admin(base, 'GET', '/keys')).json()) as {
      data: Array<Record<string, unknown>>;
      meta: { count: number };
    };
    expect(list.data.map((k) => [k.name, k.revokedAt === null])).toEqual([
      ['app A', false],
      ['app B', true],
    ]);
    for (const k of list.data)
      expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'name', 'perMinute', 'prefix', 'revokedAt']);
    const bad = await admin(base, 'POST', '/keys', { name: '', perMinute: 0 });
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as { error: { details: Array<{ parameter: string }> } }).error.details;
    expect(details.map((d) => d.parameter).sort()).toEqual(['name', 'perMinute']);
    expect((await admin(base, 'DELETE', '/keys/mh_nothing')).status).toBe(404);
  });

  it('a request body over 100 kB is a 413 in the error shape', async () => {
    const res = await admin(base, 'POST', '/keys', { name: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('POST /v1/admin/sources/reload re-reads the sources file', async () => {
    const res = await admin(base, 'POST', '/sources/reload');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sources: ['herrenberg'], errors: [] });
  });
});

describe('access: HUB_REQUIRE_API_KEY=true, keys from `npm run keys`', () => {
  const iso = isolation('api_keys_required');
  let hub: RunningHub;
  let base: string;
  // Asynchronous on purpose: a blocked event loop would stall the in-process hub, which may hold
  // the migration lock the CLI waits for.
  const cli = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(process.cwd(), 'dist/cli/keys.cli.js'), ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: TEST_DATABASE_URL,
          HUB_DB_SCHEMA: iso.schema,
          HUB_SOURCES: 'unused.yaml',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso, { requireApiKey: true });
    base = hub.url as string;
    await hub.app.get(DatabaseService).dataSource();
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('anonymous reads get 401; docs stay open', async () => {
    const res = await get(base);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${base}/v1/sources`)).status).toBe(401);
    expect((await fetch(`${base}/docs/openapi.json`)).status).toBe(200);
  });

  it('create prints the key once; it reads with its quota; list shows it; revoke ends it within 5 s', async () => {
    const created = await cli('create', '--name', 'cli app', '--per-minute', '7');
    // stderr carries only where the database is (password redacted): the key goes to stdout alone.
    expect([created.status, created.stderr]).toEqual([0, expect.stringMatching(/^postgres: DATABASE_URL \S+\n$/)]);
    const key = /^key: (mh_\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(key).toMatch(/^mh_[A-Za-z0-9_-]{43}$/);
    const ok = await get(base, { 'X-API-Key': key });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-limit')).toBe('7');
    expect(ok.headers.get('vary')).toContain('X-API-Key');

    const listed = await cli('list');
    expect(listed.stdout).toContain(`${key.slice(0, 11)}…  "cli app"  7/min`);
    expect(listed.stdout).not.toContain(key);

    const revoked = await cli('revoke', key.slice(0, 11));
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked .* revoked \d{4}-/m);
    await waitFor(async () => ((await get(base, { 'X-API-Key': key })).status === 401 ? true : undefined), 8_000, 250);
  });

  it('the SSE stream takes the key as ?apiKey= (EventSource sends no headers); without one, 401', async () => {
    const { key } = await hub.app.get(ApiKeyService).create('sse app', 10);
    expect((await fetch(`${base}/v1/stream?sources=true`)).status).toBe(401);
    const abort = new AbortController();
    const res = await fetch(`${base}/v1/stream?sources=true&apiKey=${key}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('ratelimit-limit')).toBe('10');
    abort.abort();
    // Elsewhere the key is not read from the query string (it would end up in logs and caches).
    expect((await fetch(`${base}/v1/parkings?apiKey=${key}`)).status).toBe(401);
  });

  it('the CLI names a usage error and exits 2', async () => {
    const res = await cli('create');
    expect([res.status, res.stderr]).toEqual([2, expect.stringContaining('create needs --name')]);
    expect(res.stderr).toContain('create needs --name');
  });
});
