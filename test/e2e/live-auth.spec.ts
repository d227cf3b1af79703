import { jest } from '@jest/globals';
import { ApiKeyService } from '../../src/access/api-key.service.js';
import { connectLive, subscribeLive } from '../../src/live/live-client.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected, Sockets, SseStream } from './live-test-kit.js';

jest.setTimeout(60_000);

type Refusal = Error & { data?: { code: string; message: string; details?: unknown } };

/**
 * docs/interface.md § Access on the socket.io handshake, with HUB_REQUIRE_API_KEY=true and keys from the real
 * key store.
 */
describe('live feed access (HUB_REQUIRE_API_KEY=true)', () => {
  const iso = isolation('live_auth');
  const sockets = new Sockets();
  let hub: RunningHub;
  let key: string;

  async function refusal(options: Parameters<typeof connectLive>[1]): Promise<Refusal> {
    const socket = sockets.add(connectLive(hub.url as string, { ...options, reconnection: false }));
    const outcome = await connected(socket).then(
      () => new Error('connected'),
      (error: unknown) => error as Refusal,
    );
    return outcome;
  }

  beforeAll(async () => {
    hub = await startHub(
      testConfig(iso, { role: 'api', requireApiKey: true, sourcesPath: writeSources('sources: []\n') }),
    );
    key = (await hub.app.get(ApiKeyService).create('live e2e', 100)).key;
  });

  afterAll(async () => {
    sockets.closeAll();
    await hub.close();
    await iso.cleanup();
  });

  it('refuses a handshake without a key, or with a key the store does not know, with UNAUTHORIZED', async () => {
    const anonymous = await refusal({});
    expect(anonymous.message).toBe('an API key is required: pass it as auth.apiKey');
    expect(anonymous.data?.code).toBe('UNAUTHORIZED');
    const unknown = await refusal({ apiKey: `mh_${'A'.repeat(43)}` });
    expect(unknown.data).toEqual({ code: 'UNAUTHORIZED', message: 'unknown or revoked API key' });
  });

  it('accepts a stored key as auth.apiKey or as an X-API-Key header', async () => {
    const withAuth = sockets.add(await connected(connectLive(hub.url as string, { apiKey: key })));
    expect(await subscribeLive(withAuth, { sources: true })).toMatchObject({ ok: true, snapshot: { sources: [] } });
    const withHeader = sockets.add(
      await connected(connectLive(hub.url as string, { extraHeaders: { 'x-api-key': key } })),
    );
    expect(withHeader.connected).toBe(true);
  });

  it("counts handshakes against the key's quota", async () => {
    const limited = (await hub.app.get(ApiKeyService).create('two per minute', 2)).key;
    for (let i = 0; i < 2; i++) sockets.add(await connected(connectLive(hub.url as string, { apiKey: limited })));
    const third = await refusal({ apiKey: limited });
    expect(third.data).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 2 } });
  });

  it('refuses a revoked key', async () => {
    const { key: revoked, record } = await hub.app.get(ApiKeyService).create('revoked', 100);
    await hub.app.get(ApiKeyService).revoke(record.id);
    expect((await refusal({ apiKey: revoked })).data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses a malformed auth.cursor with BAD_REQUEST', async () => {
    expect((await refusal({ apiKey: key, cursor: 'latest' })).data?.code).toBe('BAD_REQUEST');
  });

  it('SSE: 401 without a key, streams with ?apiKey=', async () => {
    const res = await fetch(`${hub.url}/v1/stream?sources=true`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const stream = await SseStream.open(`${hub.url}/v1/stream?sources=true&apiKey=${key}`);
    const [ready] = await stream.waitFor(1);
    expect(ready).toMatchObject({ event: 'ready', data: { ok: true, snapshot: { sources: [] } } });
    stream.close();
  });

  it('asks the same key of a long-polling client (socket.io-client defaults)', async () => {
    expect((await refusal({ transports: ['polling', 'websocket'] })).data?.code).toBe('UNAUTHORIZED');
    const polling = sockets.add(
      await connected(connectLive(hub.url as string, { apiKey: key, transports: ['polling'] })),
    );
    expect(await subscribeLive(polling, { sources: true })).toMatchObject({ ok: true });
  });
});
