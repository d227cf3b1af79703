import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

const ANSI = /\u001b\[/;

interface LogLine {
  level: string;
  msg: string;
  context?: string;
  requestId?: string;
  latencyMs?: unknown;
}

/**
 * What an operator finds in a log file (stdout a pipe, as under systemd or `> hub.log`), without
 * NODE_ENV or LOG_FORMAT and with NO_COLOR unset: JSON lines, whole milliseconds, one id per request.
 */
describe('log lines when stdout is not a terminal', () => {
  const iso = isolation('log_lines');
  let operator: LocalOperator;
  let hub: HubProcess;
  let api: string;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 3, b: 4 }));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    hub = spawnHub({
      NO_COLOR: '',
      PORT: String(port),
      HUB_SOURCES: writeSources(`sources:${jsonFeedSource('lines', operator.url, '1s')}`),
      HUB_PREFIX: iso.prefix,
      HUB_DB_SCHEMA: iso.schema,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
    });
    await hub.waitForLine(/API on http/);
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    await operator?.close();
    await iso.cleanup();
  });

  const lines = (): string[] =>
    hub
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '');

  /** The log records (the first test checks that every line is one). */
  const records = <T extends LogLine>(): T[] =>
    lines()
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as T);

  it('writes plain JSON lines, without colour codes', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(3);
    expect(all.filter((l) => ANSI.test(l))).toEqual([]);
    for (const line of all) expect(() => JSON.parse(line) as LogLine).not.toThrow();
  });

  it('reports poll latencies in whole milliseconds (source health and recent polls)', async () => {
    const health = await waitFor(async () => {
      const body = (await (await fetch(`${api}/v1/sources/lines`)).json()) as {
        latencyMs: number | null;
        recentPolls: Array<{ latencyMs: number }>;
      };
      return body.recentPolls.length >= 2 ? body : undefined;
    }, 20_000);
    expect(Number.isInteger(health.latencyMs)).toBe(true);
    expect(health.recentPolls.map((p) => Number.isInteger(p.latencyMs))).toEqual(health.recentPolls.map(() => true));
  });

  it('writes one access line per request, each with its own id, the one sent back in X-Request-Id', async () => {
    const targets = ['/v1/parkings', '/v1/parkings', '/v1/sources/lines', '/v1/nothing-here', '/health/live'];
    const ids: string[] = [];
    for (const target of targets) {
      const res = await fetch(`${api}${target}`);
      await res.arrayBuffer();
      ids.push(res.headers.get('x-request-id') ?? '');
    }
    const sent = await fetch(`${api}/v1/parkings?limit=1`, { headers: { 'x-request-id': 'mine-1' } });
    await sent.arrayBuffer();
    expect(sent.headers.get('x-request-id')).toBe('mine-1');
    ids.push('mine-1');
    expect(new Set(ids).size).toBe(ids.length);
    const expected = ids.filter((_, i) => targets[i] !== '/health/live'); // probes are logged at debug
    const logged = await waitFor(async () => {
      const found = records()
        .filter((l) => l.context === 'Http' && l.level === 'info')
        .map((l) => l.requestId);
      return expected.every((id) => found.includes(id)) ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second line would follow at once
    const again = records();
    for (const id of expected) {
      expect([id, again.filter((l) => l.requestId === id && l.context === 'Http').length]).toEqual([id, 1]);
    }
    expect(logged.length).toBeGreaterThanOrEqual(expected.length);
  });

  it('writes the access line of a request the client left before its end (an SSE stream closed by its reader)', async () => {
    const reader = new AbortController();
    const res = await fetch(`${api}/v1/stream?sources=1`, { signal: reader.signal });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).not.toBe('');
    reader.abort();
    const line = await waitFor(async () =>
      records<LogLine & { aborted?: boolean; status?: number }>().find(
        (l) => l.requestId === id && l.context === 'Http',
      ),
    );
    expect(line).toMatchObject({ status: 200, aborted: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines().filter((l) => l.includes(`"requestId":"${id}"`) && l.includes('"context":"Http"'))).toHaveLength(1);
  });
});
