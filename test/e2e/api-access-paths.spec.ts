import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { io } from 'socket.io-client';
import { ApiKeyService } from '../../src/access/api-key.service.js';
import { startHub, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { ADMIN_TOKEN, herrenbergSources, startHerrenbergHub } from './api-support.js';

/**
 * Issue #11 ("nobody gets in"): every spelling of a protected path is refused without the admin
 * token or an API key. Paths are sent byte for byte with node:http (fetch would normalise dot
 * segments and case of the scheme, not of the path, before sending).
 */

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let nextIp = 0;
/** A different client address per request (trusted loopback proxy), so per-IP limits never decide an outcome. */
const freshIp = (): string => {
  nextIp += 1;
  return `198.18.${Math.floor(nextIp / 250) % 250}.${(nextIp % 250) + 1}`;
};

function raw(base: string, method: string, target: string, headers: Record<string, string> = {}, body?: unknown) {
  const url = new URL(base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Raw>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers: {
          'X-Forwarded-For': freshIp(),
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        // An event stream never ends: its status and headers are the answer.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
          res.destroy();
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
const pctLower = (c: string): string => pct(c).toLowerCase();
const flipCase = (s: string): string => s.replace(/[a-z]/, (c) => c.toUpperCase());

/**
 * Spellings of `path` that a URL normaliser, a proxy or a lenient router might treat as the same
 * path: case, percent-encoded unreserved characters and slashes, repeated slashes, dot segments
 * (plain and encoded), `;` parameters, trailing slashes, backslashes, and combinations.
 */
export function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]): string => `/${parts.join('/')}`;
  const out = new Set<string>();
  out.add(path.toUpperCase());
  segments.forEach((segment, i) => {
    const with_ = (replacement: string): string => join(segments.map((s, j) => (j === i ? replacement : s)));
    const before = (prefix: string): string =>
      `${join(segments.slice(0, i)).replace(/^\/$/, '')}${prefix}${join(segments.slice(i))}`;
    out.add(with_(flipCase(segment)));
    out.add(with_(segment.toUpperCase()));
    out.add(with_(`${pct(segment[0])}${segment.slice(1)}`));
    out.add(with_(`${pctLower(segment[0])}${segment.slice(1)}`));
    out.add(with_([...segment].map(pct).join('')));
    out.add(with_(`${segment};x`));
    out.add(with_(`${segment};`));
    out.add(with_(`${segment}%3Bx`));
    out.add(with_(`${segment}%00`));
    out.add(with_(`${segment}%20`));
    out.add(with_(`${segment}.`));
    out.add(before('/'));
    out.add(before('/.'));
    out.add(before('/%2e'));
    out.add(before('/x/..'));
    out.add(before('/x/%2E%2E'));
    out.add(before('/x/.%2e'));
    if (i > 0) {
      const prev = join(segments.slice(0, i));
      const rest = segments.slice(i).join('/');
      out.add(`${prev}%2F${rest}`);
      out.add(`${prev}%2f${rest}`);
      out.add(`${prev}\\${rest}`);
      out.add(`${prev}/x%2F..%2F${rest}`);
    }
  });
  out.add(`/${path}`);
  out.add(`${path}/`);
  out.add(`${path}//`);
  out.add(`${path}/.`);
  out.add(`${path}/x/..`);
  out.add(`${path}%2F`);
  out.add(`${path};x`);
  out.add(`${path}/;x`);
  out.add(`${flipCase(path)}/`);
  out.add(`/${path.toUpperCase()}/`.replace('/', '/./'));
  out.add(`/x/..${path.replace('/', '//')}/`);
  out.delete(path);
  const spelled = [...out];
  // And each with a query string (the path is what decides, never the query).
  return [...spelled, ...spelled.map((s) => `${s}?limit=1&x=%2F`), `${path}?`, `${path}?x=1`, `${path}#x`];
}

// 405: a path served with other methods only (`GET /v1/admin/keys/;x` is the DELETE route's path), nothing served.
const refused = (res: Raw): boolean => [400, 401, 404, 405].includes(res.status);

function coded(res: Raw): string | undefined {
  try {
    return (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** Asserts, for every spelling, a refusal with a coded error; collects failures to show them all at once. */
async function expectAllRefused(
  base: string,
  method: string,
  targets: string[],
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<void> {
  const wrong: string[] = [];
  for (const target of targets) {
    const res = await raw(base, method, target, headers, body);
    // A HEAD answer has no body to carry the code.
    if (!refused(res) || (method !== 'HEAD' && coded(res) === undefined))
      wrong.push(`${method} ${target} -> ${res.status} ${res.body.slice(0, 80)}`);
  }
  expect(wrong).toEqual([]);
}

/**
 * With the credential, a spelling is either refused (not routed) or routed with the rule applied:
 * a 2xx then carries the RateLimit headers the access rule sets.
 */
async function expectRoutedOnlyWithRule(
  base: string,
  method: string,
  targets: string[],
  headers: Record<string, string>,
  body?: unknown,
): Promise<void> {
  const wrong: string[] = [];
  for (const target of targets) {
    const res = await raw(base, method, target, headers, body);
    const limited = res.headers['ratelimit-limit'] !== undefined;
    if (res.status < 300 ? !limited : !refused(res)) wrong.push(`${method} ${target} -> ${res.status}`);
  }
  expect(wrong).toEqual([]);
}

const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };

it('the spellings cover case, %-encodings, //, /./, /x/../, trailing /, ;x and queries', () => {
  const all = spellings('/v1/admin/keys');
  for (const expected of [
    '/V1/admin/keys',
    '/v1/%61dmin/keys',
    '/v1/admin%2Fkeys',
    '//v1/admin/keys',
    '/v1//admin/keys',
    '/v1/./admin/keys',
    '/v1/x/../admin/keys',
    '/v1/admin/keys/',
    '/v1/admin/keys;x',
    '/V1/admin/keys?limit=1&x=%2F',
  ])
    expect(all).toContain(expected);
  expect(all).not.toContain('/v1/admin/keys');
});

// Without HUB_REQUIRE_API_KEY a spelling that escaped the admin rule would fall to the open read rule.
describe.each([false, true])('admin routes on every spelling (HUB_REQUIRE_API_KEY=%s)', (requireApiKey) => {
  const iso = isolation(`api_access_paths_admin_${requireApiKey}`);
  let hub: RunningHub;
  let base: string;
  let victimKeyId: string;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso, { requireApiKey });
    base = hub.url as string;
    victimKeyId = (await hub.app.get(ApiKeyService).create('must survive', 10)).record.id;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('the canonical spelling works with the token, with RateLimit headers', async () => {
    const listed = await raw(base, 'GET', '/v1/admin/keys', bearer);
    expect([listed.status, listed.headers['ratelimit-limit']]).toEqual([200, '60']);
    const created = await raw(base, 'POST', '/v1/admin/keys', bearer, { name: 'canonical', perMinute: 5 });
    expect([created.status, created.headers['ratelimit-limit']]).toEqual([201, '60']);
  });

  it('no spelling answers without the token (or with a wrong one)', async () => {
    await expectAllRefused(base, 'GET', spellings('/v1/admin/keys'));
    await expectAllRefused(base, 'POST', spellings('/v1/admin/keys'), {}, { name: 'intruder', perMinute: 100_000 });
    await expectAllRefused(base, 'DELETE', spellings(`/v1/admin/keys/${victimKeyId}`));
    await expectAllRefused(base, 'POST', spellings('/v1/admin/sources/reload'));
    await expectAllRefused(base, 'GET', spellings('/v1/admin/keys'), {
      Authorization: 'Bearer wrong-token-0123456789',
    });
    // Nothing was created or revoked on the way.
    const listed = JSON.parse((await raw(base, 'GET', '/v1/admin/keys', bearer)).body) as {
      data: Array<{ id: string; name: string; revokedAt: string | null }>;
    };
    expect(listed.data.map((k) => k.name)).not.toContain('intruder');
    expect(listed.data.find((k) => k.id === victimKeyId)?.revokedAt).toBeNull();
  });

  it('a spelling routed with the token is routed with the admin rule', async () => {
    await expectRoutedOnlyWithRule(base, 'GET', spellings('/v1/admin/keys'), bearer);
    await expectRoutedOnlyWithRule(base, 'POST', spellings('/v1/admin/keys'), bearer, {
      name: 'spelled',
      perMinute: 5,
    });
  });
});

describe('read routes on every spelling (HUB_REQUIRE_API_KEY=true)', () => {
  const iso = isolation('api_access_paths_read');
  let hub: RunningHub;
  let base: string;
  let key: string;
  let parkingId: string;
  const withKey = (): Record<string, string> => ({ 'X-API-Key': key });

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso, { requireApiKey: true });
    base = hub.url as string;
    key = (await hub.app.get(ApiKeyService).create('path spellings', 100_000)).key;
    const list = await raw(base, 'GET', '/v1/parkings?limit=1', withKey());
    parkingId = (JSON.parse(list.body) as { data: Array<{ id: string }> }).data[0].id;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  const readPaths = (): string[] => [
    '/v1/parkings',
    `/v1/parkings/${parkingId}`,
    `/v1/parkings/${parkingId}/history`,
    '/v1/sources',
    '/v1/sources/herrenberg',
    '/v1/sources/herrenberg/outages',
    '/v1/outages',
    '/v1/stops',
    '/v1/stream',
  ];

  it('the canonical spellings work with the key, with RateLimit headers (the stream with ?apiKey=)', async () => {
    for (const target of [...readPaths().filter((p) => p !== '/v1/stream'), '/v1/parkings?limit=1']) {
      const res = await raw(base, 'GET', target, withKey());
      expect([target, res.status, res.headers['ratelimit-limit']]).toEqual([target, 200, '100000']);
    }
    const stream = await raw(base, 'GET', `/v1/stream?sources=true&apiKey=${key}`);
    expect([stream.status, stream.headers['ratelimit-limit']]).toEqual([200, '100000']);
  });

  it('a spelling routed with the key is routed with the read rule; none answers without it', async () => {
    for (const path of readPaths()) {
      const targets = spellings(path);
      // Twice with the key first, so an answer the fast read path could reuse is held for each spelling.
      await expectRoutedOnlyWithRule(base, 'GET', targets, withKey());
      await expectRoutedOnlyWithRule(base, 'GET', targets, withKey());
      await expectAllRefused(base, 'GET', targets);
      await expectAllRefused(base, 'HEAD', targets);
    }
    // Some thousand requests in sequence: well past jest's default on a loaded 2-core box.
  }, 180_000);

  it('the key in the query string counts only on the SSE stream, in no spelling of another path', async () => {
    const inQuery = (targets: string[]): string[] =>
      targets.filter((t) => !t.includes('#')).map((t) => `${t}${t.includes('?') ? '&' : '?'}apiKey=${key}`);
    await expectAllRefused(base, 'GET', inQuery(['/v1/parkings', ...spellings('/v1/parkings')]));
    await expectAllRefused(
      base,
      'GET',
      inQuery(spellings('/v1/stream')).filter((t) => !t.startsWith('/v1/stream?')),
    );
  });
});

describe('the live feed handshake on other spellings of /live (HUB_REQUIRE_API_KEY=true)', () => {
  const iso = isolation('api_access_live_paths');
  let hub: RunningHub;

  beforeAll(async () => {
    hub = await startHub(testConfig(iso, { role: 'api', requireApiKey: true, sourcesPath: herrenbergSources() }));
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  /** Whether a socket.io connection to namespace `nsp` (at socket.io path `path`) is accepted without a key. */
  function connects(nsp: string, path = '/socket.io'): Promise<boolean> {
    const manager = io(hub.url as string, {
      transports: ['websocket'],
      reconnection: false,
      path,
      autoConnect: false,
    }).io;
    const socket = manager.socket(nsp, { auth: {} });
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        socket.close();
        manager.engine?.close();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), 3_000);
      socket.on('connect', () => done(true));
      socket.on('connect_error', () => done(false));
      socket.connect();
    });
  }

  it('no namespace or engine path spelling admits a handshake without a key', async () => {
    const accepted: string[] = [];
    for (const nsp of ['/live', '/LIVE', '/Live', '/live/', '//live', '/%6Cive', '/live;x', '/./live', '/x/../live'])
      if (await connects(nsp)) accepted.push(nsp);
    for (const path of ['/SOCKET.IO', '//socket.io', '/socket.io/', '/./socket.io'])
      if (await connects('/live', path)) accepted.push(`${path} /live`);
    expect(accepted).toEqual([]);
  });
});
