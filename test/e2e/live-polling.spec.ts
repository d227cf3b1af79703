import { request } from 'node:http';
import { jest } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { ApiKeyService } from '../../src/access/api-key.service.js';
import type { LiveSocket } from '../../src/live/live-client.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected } from './live-test-kit.js';

jest.setTimeout(60_000);

type Refusal = Error & { data?: { code: string; message: string } };

const APP = 'https://app.example';
const OTHER = 'https://other.example';

/**
 * Issue #13: `io('http://host/live')` with socket.io-client's defaults (HTTP long-polling, then
 * the upgrade to WebSocket) works, behind the same limits as WebSocket clients: handshake key,
 * per-socket event limits, message size; the polling requests get the REST CORS rules, and
 * other spellings of the engine path open no session.
 */
describe('live feed over socket.io-client defaults (long-polling, then upgrade)', () => {
  const iso = isolation('live_polling');
  const open: Socket[] = [];
  let hub: RunningHub;
  let key: string;

  function client(options: Parameters<typeof io>[1] = {}): LiveSocket {
    const socket = io(`${hub.url}/live`, { reconnection: false, forceNew: true, ...options }) as LiveSocket;
    open.push(socket);
    return socket;
  }

  beforeAll(async () => {
    hub = await startHub(
      testConfig(iso, {
        role: 'api',
        requireApiKey: true,
        sourcesPath: writeSources('sources: []\n'),
        access: { ...testConfig(iso).access, corsOrigins: [APP] },
        live: { ...testConfig(iso).live, events: { perSecond: 1, burst: 3, refusalsBeforeDisconnect: 5 } },
      }),
    );
    key = (await hub.app.get(ApiKeyService).create('polling e2e', 1_000)).key;
  });

  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await hub.close();
    await iso.cleanup();
  });

  it('connects with the defaults over long-polling, subscribes, then upgrades to WebSocket', async () => {
    const socket = client({ auth: { apiKey: key } });
    let first = '';
    socket.io.once('open', () => (first = socket.io.engine.transport.name));
    const upgraded = new Promise<string>((resolve) =>
      socket.io.once('open', () => socket.io.engine.once('upgrade', (t) => resolve(t.name))),
    );
    await connected(socket);
    expect(first).toBe('polling');
    const ack = await socket.timeout(5_000).emitWithAck('subscribe', { sources: true });
    expect(ack).toMatchObject({ ok: true, snapshot: { sources: [] } });
    expect(await upgraded).toBe('websocket');
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { alerts: true })).toMatchObject({ ok: true });
  });

  it('refuses a polling handshake without a key, as over WebSocket', async () => {
    const error = await connected(client({ transports: ['polling'] })).then(
      (): Refusal => new Error('connected'),
      (e: unknown) => e as Refusal,
    );
    expect(error.message).toBe('an API key is required: pass it as auth.apiKey');
    expect(error.data?.code).toBe('UNAUTHORIZED');
  });

  it('applies the per-socket event limits to a polling client, then drops it', async () => {
    const socket = await connected(client({ auth: { apiKey: key }, upgrade: false }));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const acks = await Promise.all(
      Array.from({ length: 6 }, () =>
        socket
          .timeout(5_000)
          .emitWithAck('unsubscribe', { subscription: 's99' })
          .catch(() => undefined),
      ),
    );
    expect(acks.slice(0, 3).map((a) => a?.ok === false && a.error.code)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    expect(acks[3]).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { burst: 3 } } });
    for (let i = 0; i < 5 && socket.connected; i++) (socket as Socket).emit('unsubscribe', { subscription: 's99' });
    expect(await closed).toBe('io server disconnect');
    expect(socket.io.engine.transport.name).toBe('polling');
  });

  it('closes a polling client whose message is over 64 KiB', async () => {
    const socket = await connected(client({ auth: { apiKey: key }, upgrade: false }));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    (socket as Socket).emit('subscribe', { parkings: ['x'.repeat(70 * 1024)] });
    expect(await closed).toMatch(/^transport (error|close)$/);
  });

  it('answers polling requests with the REST CORS rules (HUB_CORS_ORIGINS)', async () => {
    const handshake = (origin: string) =>
      fetch(`${hub.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    const rest = (origin: string) => fetch(`${hub.url}/v1/sources`, { headers: { origin, 'x-api-key': key } });
    const allowed = await handshake(APP);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/"sid"/);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      (await rest(APP)).headers.get('access-control-allow-origin'),
    );
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('vary')).toMatch(/Origin/i);
    const refused = await handshake(OTHER);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await rest(OTHER)).headers.get('access-control-allow-origin')).toBeNull();

    const preflight = (origin: string) =>
      fetch(`${hub.url}/socket.io/?EIO=4&transport=polling`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' },
      });
    const ok = await preflight(APP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i);
    const no = await preflight(OTHER);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('opens no polling session on another spelling of the engine path', async () => {
    const opened: string[] = [];
    for (const path of [
      '/SOCKET.IO/',
      '//socket.io/',
      '/socket.io',
      '/./socket.io/',
      '/%73ocket.io/',
      '/x/../socket.io/',
    ]) {
      // Sent as written: fetch would normalise dot segments before sending.
      const { status, body } = await rawGet(hub.url as string, `${path}?EIO=4&transport=polling`);
      if (status === 200 || /"sid"/.test(body)) opened.push(path);
    }
    expect(opened).toEqual([]);
    expect((await rawGet(hub.url as string, '/socket.io/?EIO=4&transport=polling')).body).toMatch(/"sid"/);
  });
});

function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
