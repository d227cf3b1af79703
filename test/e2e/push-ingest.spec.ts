import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import type { LiveSocket } from '../../src/live/live-client.js';
import type { ParkingEvent } from '../../src/live/live-protocol.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected } from './live-test-kit.js';

/**
 * Issue #17, push in: a source with `mode: push` is sent its payload on POST /v1/ingest/:id and it
 * goes the poll's way: adapter, changes, live feed, history, source health.
 */
const fixture = (path: string): Buffer => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const PARKAPI_V3 = fixture('parkapi/parkapi-v3-parking-sites-handwritten.json');
const DATEX_TABLE = fixture('datex2/bietigheim-bissingen-parkingtable-v3.xml');
const DATEX_STATUS = fixture('datex2/bietigheim-bissingen-parkingstatus-v3.xml');
const PARKAPI_TOKEN = 'parkapi-push-token-0123456789';
const DATEX_TOKEN = 'datex-push-token-0123456789ab';

describe('push sources (POST /v1/ingest/:sourceId)', () => {
  const iso = isolation('push_ingest');
  let operator: LocalOperator;
  let hub: RunningHub;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(PARKAPI_V3.toString('utf8'));
    const sourcesPath = writeSources(`sources:
  - id: pushed-parkapi
    kind: parking
    format: parkapi
    mode: push
    pushToken: \${PARKAPI_TOKEN}
    pushPerMinute: 5
  - id: pushed-datex
    kind: parking
    format: datex2
    mode: push
    pushToken: \${DATEX_TOKEN}
    maxBytes: 64KB
  - id: polled
    kind: parking
    format: parkapi
    url: ${operator.url}
    interval: 1h
    allowPrivateNetwork: true
`);
    hub = await startHub(
      testConfig(iso, { sourcesPath, access: { ...testConfig(iso).access, anonymousPerMinute: 100_000 } }),
      { PARKAPI_TOKEN, DATEX_TOKEN },
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  const push = (sourceId: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${hub.url}/v1/ingest/${sourceId}`, { method: 'POST', body, headers });
  const subscribeAll = async (): Promise<ParkingEvent[]> => {
    const socket = io(`${hub.url}/live`, { reconnection: false, forceNew: true }) as LiveSocket;
    sockets.push(socket);
    const events: ParkingEvent[] = [];
    socket.on('parking', (e) => events.push(e));
    await connected(socket);
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { allParkings: true, since: null })).toMatchObject({
      ok: true,
    });
    return events;
  };
  /** The history of the day around the fixture's own time (its values are dated by the operator). */
  const historyOf = async (id: string, day: string): Promise<Array<{ free: number | null }>> => {
    const range = `from=${day}T00:00:00Z&to=${day}T23:59:59Z`;
    const res = await fetch(`${hub.url}/v1/parkings/${encodeURIComponent(id)}/history?${range}`);
    const body = (await res.json()) as { data?: Array<{ free: number | null }> };
    return body.data ?? [];
  };

  it('takes a pushed ParkAPI v3 body: counts and warnings answered, live event, history, source health', async () => {
    const events = await subscribeAll();
    const res = await push('pushed-parkapi', PARKAPI_V3, {
      authorization: `Bearer ${PARKAPI_TOKEN}`,
      'content-type': 'application/json',
    });
    const answer = (await res.json()) as {
      entities: number;
      changes: number;
      warningCount: number;
      warnings: unknown[];
    };
    expect(res.status).toBe(200);
    // The fixture's 5 sites, one without an id: skipped, with one warning naming why.
    expect(answer).toMatchObject({ sourceId: 'pushed-parkapi', entities: 4, changes: 4, warningCount: 1 });
    expect(answer.warnings).toEqual([
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    ]);
    expect(res.headers.get('ratelimit-limit')).toBe('5');

    const lot = await waitFor(
      async () => events.find((e) => e.parking.id.startsWith('pushed-parkapi:') && e.parking.free === 137),
      10_000,
      50,
    );
    expect(lot.parking).toMatchObject({ name: 'Parkhaus Altstadt', free: 137, capacity: 418 });
    const id = lot.parking.id;
    expect(id.startsWith('pushed-parkapi:')).toBe(true);
    const rows = await waitFor(async () => {
      const history = await historyOf(id, '2024-05-14');
      return history.length > 0 ? history : undefined;
    });
    expect(rows.map((r) => r.free)).toContain(137);

    const source = (await (await fetch(`${hub.url}/v1/sources/pushed-parkapi`)).json()) as Record<string, unknown>;
    expect(source).toMatchObject({ status: 'degraded', entities: 4, warnings: 1 });
    expect(source.lastPollAt).toEqual(expect.any(String));
    expect((source.recentPolls as Array<{ outcome: string }>)[0]).toMatchObject({ outcome: 'changed' });
    // A push source has no schedule to stall.
    expect(JSON.stringify(source)).not.toContain('POLL_STALLED');
  }, 30_000);

  it('takes a pushed DATEX II status after its table: the vacant count reaches the live feed and the history', async () => {
    const headers = { authorization: `Bearer ${DATEX_TOKEN}`, 'content-type': 'application/xml' };
    const table = await push('pushed-datex', DATEX_TABLE, headers);
    expect(table.status).toBe(200);
    const events = await subscribeAll();
    const res = await push('pushed-datex', DATEX_STATUS, headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sourceId: 'pushed-datex', entities: 2, warningCount: 0, warnings: [] });
    const id = 'pushed-datex:de:00001:00001:parkhaus';
    const event = await waitFor(
      async () => events.find((e) => e.parking.id === id && e.parking.free === 50),
      10_000,
      50,
    );
    expect(event.parking.observedAt).toBe('2025-06-17T11:18:01.739Z');
    const rows = await waitFor(async () => {
      const history = await historyOf(id, '2025-06-17');
      return history.some((r) => r.free === 50) ? history : undefined;
    });
    expect(rows.map((r) => r.free)).toContain(50);
  }, 30_000);

  it('refuses a missing or wrong token (401), an oversized body (413), a polled source (409), an unknown one (404), a bad body (400, 422)', async () => {
    const json = { 'content-type': 'application/json' };
    const none = await push('pushed-parkapi', PARKAPI_V3, json);
    expect([none.status, ((await none.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'UNAUTHORIZED',
    ]);
    const wrong = await push('pushed-parkapi', PARKAPI_V3, { ...json, authorization: `Bearer ${DATEX_TOKEN}` });
    const wrongBody = await wrong.text();
    expect(wrong.status).toBe(401);
    expect(wrongBody).not.toContain(DATEX_TOKEN);
    expect(wrongBody).not.toContain(PARKAPI_TOKEN);

    const big = Buffer.concat([DATEX_STATUS, Buffer.alloc(70 * 1024, 0x20)]);
    const large = await push('pushed-datex', big, {
      authorization: `Bearer ${DATEX_TOKEN}`,
      'content-type': 'application/xml',
    });
    expect([large.status, ((await large.json()) as { error: { code: string } }).error.code]).toEqual([
      413,
      'PAYLOAD_TOO_LARGE',
    ]);

    const polled = await push('polled', PARKAPI_V3, { ...json, authorization: `Bearer ${PARKAPI_TOKEN}` });
    expect([polled.status, ((await polled.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'NOT_A_PUSH_SOURCE',
    ]);
    const unknown = await push('nope', PARKAPI_V3, { ...json, authorization: `Bearer ${PARKAPI_TOKEN}` });
    expect(unknown.status).toBe(404);

    const text = await push('pushed-parkapi', PARKAPI_V3, {
      'content-type': 'text/plain',
      authorization: `Bearer ${PARKAPI_TOKEN}`,
    });
    expect(text.status).toBe(415);

    // A body that does not parse is the sender's error (400); one whose every record is refused is
    // no data (422), with each record's warning in the details.
    const auth = { ...json, authorization: `Bearer ${PARKAPI_TOKEN}` };
    const broken = await push('pushed-parkapi', '{"items": [', auth);
    expect([broken.status, ((await broken.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'PARSE_ERROR',
    ]);
    const noIds = JSON.stringify({ items: [{ name: 'no id', lat: 48.6, lon: 8.9 }, { name: 'nor this one' }] });
    const invalid = await push('pushed-parkapi', noIds, auth);
    const refused = (await invalid.json()) as {
      error: { code: string; details: { entities: number; warningCount: number; warnings: unknown[] } };
    };
    expect([invalid.status, refused.error.code]).toEqual([422, 'NO_VALID_RECORDS']);
    expect(refused.error.details).toMatchObject({ entities: 0, warningCount: 2 });
    expect(refused.error.details.warnings).toHaveLength(2);
  }, 30_000);

  it('limits pushes per source: past pushPerMinute, 429 with Retry-After', async () => {
    const headers = { authorization: `Bearer ${PARKAPI_TOKEN}`, 'content-type': 'application/json' };
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await push('pushed-parkapi', PARKAPI_V3, headers);
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 30_000);
});
