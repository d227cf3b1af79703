import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

/**
 * Hostile answers from operators (issue #11): each source of one hub first serves a good payload,
 * then a hostile one. The source must read degraded/down with a coded error, keep what it stored
 * (live values, history rows), and the hub's other sources must keep polling. Interval 1 s,
 * timeout 1 s (the 200 MB body gets 10 s so the byte cap, not the deadline, is what cuts it).
 */
const MB = 1024 * 1024;
const DEFAULT_CAP = 20 * MB; // sources.yaml maxBytes default (src/config/sources.schema.ts)
const NOW = new Date().toISOString();

const jsonGood = JSON.stringify({
  items: [{ id: 'a', name: 'Parking A', lat: 46.58, lon: 0.34, free: 10, total: 100, ts: NOW }],
});
const datex2Status = (doctype = '', vacant = '215'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${doctype}
<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" modelBaseVersion="2">
  <exchange><supplierIdentification><country>de</country><nationalIdentifier>test</nationalIdentifier></supplierIdentification></exchange>
  <payloadPublication lang="de" xsi:type="GenericPublication">
    <publicationTime>${NOW}</publicationTime>
    <publicationCreator><country>de</country><nationalIdentifier>test</nationalIdentifier></publicationCreator>
    <genericPublicationName>ParkingOccupancy</genericPublicationName>
    <genericPublicationExtension><parkingStatusPublication>
      <parkingRecordStatus xsi:type="GroupOfParkingSitesStatus">
        <parkingRecordReference id="b1" targetClass="ParkingRecord" version="1.0"/>
        <parkingStatusOriginTime>${NOW}</parkingStatusOriginTime>
        <parkingOccupancy>
          <parkingNumberOfSpacesOverride>313</parkingNumberOfSpacesOverride>
          <parkingNumberOfVacantSpaces>${vacant}</parkingNumberOfVacantSpaces>
          <parkingNumberOfOccupiedSpaces>98</parkingNumberOfOccupiedSpaces>
        </parkingOccupancy>
      </parkingRecordStatus>
    </parkingStatusPublication></genericPublicationExtension>
  </payloadPublication>
</d2LogicalModel>`;
/** Billion laughs: ten levels of ten, 10^9 "lol"s (3 GB) if a parser expands entities. */
const LAUGHS = [
  '<!ENTITY lol0 "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`),
].join('');
const xmlBomb = datex2Status(`<!DOCTYPE d2LogicalModel [${LAUGHS}]>`, '&lol9;');

/** `[[[[...]]]]` this deep: JSON.parse copes; a recursive walk or JSON.stringify of it overflows the stack. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const DEPTH = 100_000;

type Hostile = (req: IncomingMessage, res: ServerResponse) => void;

/** One byte a second (slowloris), until the client hangs up. */
function slowBody(): Hostile {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 1_000);
    req.socket.once('close', () => clearInterval(timer));
  };
}

interface Case {
  id: string;
  format: 'json-mapping' | 'datex2';
  localId: string;
  good: string;
  /** A handler of the in-process operator, or `huge`: the 200 MB body from its own process. */
  hostile: Hostile | 'huge';
  timeout?: string;
  /** The coded error the source's health must name. */
  code: string;
  /** What the message must say, so the code is the right one for the right reason. */
  message: RegExp;
}

const CASES: Case[] = [
  {
    id: 'truncated',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    hostile: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jsonGood.slice(0, 40)),
    code: 'PARSE_ERROR',
    message: /not valid JSON/,
  },
  {
    id: 'cut-off',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    // Content-Length promises the whole body; the connection ends after half of it.
    hostile: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(jsonGood.length) });
      res.write(jsonGood.slice(0, 40));
      setTimeout(() => res.socket?.destroy(), 50);
    },
    code: 'FETCH_NETWORK',
    message: /Network error/,
  },
  {
    id: 'html',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    hostile: (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        ),
    code: 'PARSE_ERROR',
    message: /not valid JSON/,
  },
  {
    id: 'empty',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    hostile: (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end(),
    code: 'PARSE_ERROR',
    message: /not valid JSON/,
  },
  {
    id: 'bomb',
    format: 'datex2',
    localId: 'b1',
    good: datex2Status(),
    hostile: (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(xmlBomb),
    code: 'PARSE_ERROR',
    message: /DOCTYPE or ENTITY/,
  },
  {
    id: 'deep',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    // Every record a 100,000-deep array (200 KB): nothing to read, nothing to crash on.
    hostile: (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"items":[${nested(DEPTH)}]}`),
    code: 'NO_VALID_RECORDS',
    message: /none of the payload's records is valid/,
  },
  {
    id: 'huge',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    hostile: 'huge',
    timeout: '10s',
    code: 'FETCH_TOO_LARGE',
    message: new RegExp(`${DEFAULT_CAP}-byte cap`),
  },
  {
    id: 'slow',
    format: 'json-mapping',
    localId: 'a',
    good: jsonGood,
    hostile: slowBody(),
    code: 'FETCH_TIMEOUT',
    message: /within 1000 ms/,
  },
];

interface Health {
  status: string;
  lastPollAt: string | null;
  consecutiveFailures: number;
  lastError?: { code: string; message: string; at: string };
  recentPolls: Array<{ outcome: string; latencyMs: number; errorCode?: string; verdict?: { code: string } }>;
}
interface Served {
  free: number | null;
}

function sourceYaml(c: { id: string; format: string; url: string; timeout?: string }): string {
  const mapping =
    c.format === 'json-mapping'
      ? '\n    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }'
      : '';
  return `
  - id: ${c.id}
    kind: parking
    format: ${c.format}
    url: ${c.url}
    interval: 1s
    timeout: ${c.timeout ?? '1s'}
    allowPrivateNetwork: true${mapping}
`;
}

describe('hostile bodies: each source fails with a code, keeps what it stored, the others keep polling', () => {
  const iso = isolation('hostile');
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  const operators = new Map<string, LocalOperator>();
  const hostileOn = new Set<string>();
  let bystander: LocalOperator;
  let deepValue: LocalOperator;
  /** The 200 MB operator runs in its own process: writing 200 MB must not cost the hub's event loop. */
  let hugeOperator: ChildProcess;
  const hugeSent: number[] = [];
  const control = new Map<string, (on: boolean) => void>();
  let hub: RunningHub;

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;
  const historyRows = async (id: string): Promise<number> => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${iso.schema}".parking_observation WHERE facility_id LIKE $1`,
      [`${id}:%`],
    );
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    await client.connect();
    let yaml = '';
    for (const c of CASES) {
      const hostile = c.hostile;
      if (hostile === 'huge') {
        const url = await startHugeOperator(c.good);
        control.set(c.id, (on) => hugeOperator.send(on ? { type: 'huge' } : { type: 'good', body: c.good }));
        yaml += sourceYaml({ id: c.id, format: c.format, url, timeout: c.timeout });
        continue;
      }
      const operator = await startLocalOperator();
      operator.handle((req, res) => {
        if (hostileOn.has(c.id)) return hostile(req, res);
        res.writeHead(200, { 'content-type': c.format === 'datex2' ? 'application/xml' : 'application/json' });
        res.end(c.good);
      });
      operators.set(c.id, operator);
      control.set(c.id, (on) => (on ? hostileOn.add(c.id) : hostileOn.delete(c.id)));
      yaml += sourceYaml({ id: c.id, format: c.format, url: operator.url, timeout: c.timeout });
    }
    // A good record whose mapped `free` is a 100,000-deep array.
    deepValue = await startLocalOperator();
    deepValue.handle((_req, res) => {
      const free = hostileOn.has('deep-value') ? nested(DEPTH) : '10';
      const body = `{"items":[{"id":"a","name":"A","lat":46.6,"lon":0.3,"free":${free},"total":100,"ts":"${NOW}"}]}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    yaml += sourceYaml({ id: 'deep-value', format: 'json-mapping', url: deepValue.url });
    // A well-behaved operator whose values change at every poll.
    bystander = await startLocalOperator();
    bystander.handle((_req, res) => {
      const body = JSON.stringify({
        items: [{ id: 'a', name: 'A', lat: 46.6, lon: 0.3, free: bystander.requests % 100, total: 100, ts: NOW }],
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    // Its timeout is 3 s (it is not the one under test): its polls are read as stalled (POLL_STALLED,
    // `down`) once none came for two intervals plus the timeout, and on this shared 2-core machine
    // (load 10-12) the gaps between its 1 s polls reach 2 s while the hub reads 20 MB bodies.
    yaml += sourceYaml({ id: 'bystander', format: 'json-mapping', url: bystander.url, timeout: '3s' });
    // Failure backoff capped at 2 s, so a source healed by its operator polls again soon; the
    // test's own reads of /v1 are not rate limited.
    const base = testConfig(iso);
    hub = await startHub({
      ...base,
      sourcesPath: writeSources(`sources:${yaml}`),
      pollBackoffMaxMs: 2_000,
      access: { ...base.access, anonymousPerMinute: 100_000 },
    });
    // Every source has polled its good payload and written its history.
    for (const id of [...CASES.map((c) => c.id), 'deep-value']) {
      await waitFor(async () => ((await health(id)).status === 'ok' ? true : undefined), 20_000);
      await waitFor(async () => ((await historyRows(id)) > 0 ? true : undefined), 20_000);
    }
  }, 60_000);

  async function startHugeOperator(good: string): Promise<string> {
    hugeOperator = fork(path.join(process.cwd(), 'test/resilience/support/huge-body-operator.mjs'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      hugeOperator.on('message', (m: { type: string; url?: string; bytes?: number }) => {
        if (m.type === 'ready') resolve(m.url as string);
        if (m.type === 'sent') hugeSent.push(m.bytes as number);
      });
      hugeOperator.once('error', reject);
    });
    hugeOperator.send({ type: 'good', body: good });
    return url;
  }

  afterAll(async () => {
    hugeOperator?.kill();
    await hub?.close();
    for (const operator of [...operators.values(), bystander, deepValue]) await operator?.close();
    await client.end();
    await iso.cleanup();
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_name, c) => {
    const served = (await (await fetch(`${hub.url}/v1/parkings/${c.id}:${c.localId}`)).json()) as Served;
    expect(served.free).not.toBeNull();
    const rows = await historyRows(c.id);
    const started = Date.now();
    const hostile = control.get(c.id) as (on: boolean) => void;
    hostile(true);
    try {
      const failed = await waitFor(async () => {
        const h = await health(c.id);
        return h.lastError !== undefined && Date.parse(h.lastError.at) >= started - 1_000 ? h : undefined;
      }, 15_000);
      expect(['degraded', 'down']).toContain(failed.status);
      expect(failed.lastError).toMatchObject({ code: c.code });
      expect(failed.lastError?.message).toMatch(c.message);
      // Cut by the source's own deadline at the latest (1 s; 10 s for the 200 MB body), with some slack.
      const poll = failed.recentPolls.find((p) => (p.errorCode ?? p.verdict?.code) === c.code);
      expect(poll?.latencyMs).toBeLessThan((c.timeout === undefined ? 1_000 : 10_000) + 1_500);

      // The bystander keeps polling (two more polls, still ok) while this source fails.
      const before = bystander.requests;
      await waitFor(async () => (bystander.requests >= before + 2 ? true : undefined), 10_000);
      expect(await health('bystander')).toMatchObject({ status: 'ok', consecutiveFailures: 0 });

      // What the good poll stored is kept: the live value and the history rows.
      const after = (await (await fetch(`${hub.url}/v1/parkings/${c.id}:${c.localId}`)).json()) as Served;
      expect(after.free).toBe(served.free);
      expect(await historyRows(c.id)).toBe(rows);
      // The hub hung up at its cap: no response ran on to 200 MB (socket buffers hold a few MB more).
      if (c.hostile === 'huge') {
        await waitFor(async () => (hugeSent.length > 0 ? true : undefined));
        expect(Math.max(...hugeSent)).toBeLessThan(DEFAULT_CAP + 16 * MB);
      }
    } finally {
      hostile(false);
    }
    // The operator fixed: its (same) good bytes read ok again.
    await waitFor(async () => ((await health(c.id)).status === 'ok' ? true : undefined), 15_000);
  });

  it('deep-value: a mapped value 100,000 levels deep is a warning on its record, not a failed poll', async () => {
    const rows = await historyRows('deep-value');
    const started = Date.now();
    hostileOn.add('deep-value');
    try {
      const h = await waitFor(async () => {
        const current = await health('deep-value');
        return current.lastPollAt !== null && Date.parse(current.lastPollAt) > started && current.status !== 'ok'
          ? current
          : undefined;
      }, 15_000);
      expect(h).toMatchObject({ status: 'degraded', consecutiveFailures: 0 });
      expect(h.recentPolls[0]).toMatchObject({ outcome: expect.not.stringMatching('failed') as unknown });
      expect(h.lastError?.code).not.toBe('INTERNAL');
      expect(await health('bystander')).toMatchObject({ status: 'ok' });
      expect(await historyRows('deep-value')).toBeGreaterThanOrEqual(rows);
    } finally {
      hostileOn.delete('deep-value');
    }
  });
});
