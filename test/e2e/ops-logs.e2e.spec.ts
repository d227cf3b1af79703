import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

const CLIENT_KEY = 'ck_live_6f1d0c9a8b';
const CLIENT_BEARER = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig';
const QUERY_KEY = 'qk_7e2b44d1';
const OPERATOR_KEY = 'op-key-93b1f0';
const FILE_SECRET = 'tok-5a5a17c3';

interface LogLine {
  level: string;
  time: string;
  msg: string;
  context?: string;
  requestId?: string;
  sourceId?: string;
  status?: number;
  route?: string;
}

describe('production logs: JSON lines, request ids, secrets redacted', () => {
  const iso = isolation('ops_logs');
  let operator: LocalOperator;
  let hub: HubProcess;
  let api: string;
  let seenAuth: string | undefined;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.handle((req, res) => {
      seenAuth = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ a: 3 }));
    });
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    // One source sends an operator key from ${ENV}; another names a secret in a file path that does not exist (its error message holds the path).
    const yaml = `sources:${jsonFeedSource('keyed', operator.url, '24h')}    headers: { Authorization: "Apikey \${OPS_OPERATOR_KEY}" }
  - id: missing-file
    kind: parking
    format: json-mapping
    url: /nonexistent/\${OPS_FILE_SECRET}/feed.json
    interval: 24h
    mapping: { id: id }
`;
    hub = spawnHub({
      NODE_ENV: 'production',
      PORT: String(port),
      HUB_SOURCES: writeSources(yaml),
      HUB_PREFIX: iso.prefix,
      HUB_DB_SCHEMA: iso.schema,
      DATABASE_URL: `postgres://postgres:pg-pass-1d2c@${new URL(TEST_DATABASE_URL).host}/${new URL(TEST_DATABASE_URL).pathname.slice(1)}`,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
      OPS_OPERATOR_KEY: OPERATOR_KEY,
      OPS_FILE_SECRET: FILE_SECRET,
    });
    await hub.waitForLine(/API on http/);
    await waitFor(async () => (hub.output().includes('FETCH_FILE') ? true : undefined));
  });

  afterAll(async () => {
    await hub.stop();
    await operator.close();
    await iso.cleanup();
  });

  function lines(): LogLine[] {
    return hub
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as LogLine);
  }

  it('writes every line as JSON with level, time and context', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(5);
    for (const line of all) {
      expect(typeof line.level).toBe('string');
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    expect(all.find((l) => /API on http/.test(l.msg))?.context).toBe('Boot');
  });

  it('logs a request with its id and without the API key, header or query', async () => {
    const res = await fetch(`${api}/v1/parkings?apiKey=${QUERY_KEY}&limit=5`, {
      headers: { 'x-api-key': CLIENT_KEY, authorization: `Bearer ${CLIENT_BEARER}`, 'x-request-id': 'req-ops-logs-1' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-ops-logs-1');
    const access = await waitFor(async () => lines().find((l) => l.requestId === 'req-ops-logs-1'));
    expect(access).toMatchObject({ level: 'info', context: 'Http', route: '/v1/parkings', status: res.status });
    expect(access.msg).toBe(`GET /v1/parkings?apiKey=[REDACTED]&limit=5 ${res.status} ${access.msg.split(' ').pop()}`);
  });

  it('keeps the ${ENV} values of sources.yaml and connection passwords out of every line', async () => {
    expect(seenAuth).toBe(`Apikey ${OPERATOR_KEY}`); // the operator did get the key
    const failure = lines().find((l) => l.sourceId === 'missing-file' && l.level === 'warn');
    expect(failure?.msg).toContain('/nonexistent/[REDACTED]/feed.json');
    const output = hub.output();
    for (const secret of [CLIENT_KEY, CLIENT_BEARER, QUERY_KEY, OPERATOR_KEY, FILE_SECRET, 'pg-pass-1d2c']) {
      expect([secret, output.includes(secret)]).toEqual([secret, false]);
    }
  });
});
