import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { serveBehindOAuth2, type OAuth2Operator } from '../support/oauth2-operator.js';
import { startMtlsOperator, writeSelfSigned, writeTestPki, type MtlsOperator } from '../support/test-pki.js';
import { isolation, testConfig } from '../support/test-env.js';

/** Ways operators serve their feeds (issue #15), against operators on loopback. */

interface Health {
  status: string;
  lastPollAt?: string | null;
  clockSkewMs?: number;
  dateHeaderSkewMs?: number;
  lastError?: { code: string; message: string };
}
interface Parking {
  observedAt: string;
  quality: string[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('the HTTP Date header as a clock-skew signal', () => {
  const iso = isolation('fetch_date');
  let ahead: LocalOperator;
  let cdn: LocalOperator;
  let right: LocalOperator;
  let hub: RunningHub;
  // When each operator last answered, by the test's clock (the hub's: one machine).
  const answeredAt: Record<string, number> = {};

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;
  const parking = async (id: string): Promise<Parking> =>
    (await (await fetch(`${hub.url}/v1/parkings/${id}`)).json()) as Parking;

  beforeAll(async () => {
    // A server whose clock runs 2 h ahead: its Date says so, and its records were stamped 8 min ago by that clock.
    ahead = await startLocalOperator();
    ahead.handle((_req, res) => {
      const now = Date.now();
      answeredAt.ahead = now;
      res.writeHead(200, { 'content-type': 'application/json', date: new Date(now + 2 * HOUR).toUTCString() });
      res.end(jsonFeed({ a: 10, b: 20 }, new Date(now + 2 * HOUR - 8 * MINUTE).toISOString()));
    });
    // A CDN 2 h ahead in front of a feed whose own clock is right (records a minute old): nothing to correct.
    cdn = await startLocalOperator();
    cdn.handle((_req, res) => {
      const now = Date.now();
      answeredAt.cdn = now;
      res.writeHead(200, { 'content-type': 'application/json', date: new Date(now + 2 * HOUR).toUTCString() });
      res.end(jsonFeed({ c: 5 }, new Date(now - MINUTE).toISOString()));
    });
    // Node's own Date header, from the same clock.
    right = await startLocalOperator();
    right.setBody(jsonFeed({ d: 7 }, new Date(Date.now() - MINUTE).toISOString()));
    const yaml =
      jsonFeedSource('ahead', ahead.url) + jsonFeedSource('cdn', cdn.url) + jsonFeedSource('right', right.url);
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(`sources:${yaml}`) }));
    for (const id of ['ahead', 'cdn', 'right']) {
      await waitFor(async () => ((await health(id)).dateHeaderSkewMs === undefined ? undefined : true));
    }
  });

  afterAll(async () => {
    await hub?.close();
    for (const operator of [ahead, cdn, right]) await operator?.close();
    await iso.cleanup();
  });

  it('a Date 2 h ahead is recorded, and confirms the payload estimate: the correction is the header', async () => {
    const h = await health('ahead');
    // toUTCString drops the milliseconds: the header is up to 1 s behind the 2 h.
    expect(Math.abs((h.dateHeaderSkewMs ?? 0) - 2 * HOUR)).toBeLessThanOrEqual(1000);
    expect(h.clockSkewMs).toBe(h.dateHeaderSkewMs);
    const a = await parking('ahead:a');
    expect(a.quality).toContain('clock-skew-corrected');
    // Stamped 8 min before the answer by the fast clock: served 8 min before the answer (±1 s).
    expect(Math.abs(Date.parse(a.observedAt) - (answeredAt.ahead - 8 * MINUTE))).toBeLessThanOrEqual(1000);
  });

  it("a Date that disagrees with the records' own times is recorded but corrects nothing", async () => {
    const h = await health('cdn');
    expect(Math.abs((h.dateHeaderSkewMs ?? 0) - 2 * HOUR)).toBeLessThanOrEqual(1000);
    expect(h.clockSkewMs).toBe(0);
    expect((await parking('cdn:c')).quality).not.toContain('clock-skew-corrected');
  });

  it('a Date within 60 s of the hub is 0', async () => {
    expect((await health('right')).dateHeaderSkewMs).toBe(0);
  });
});

describe('POST with a body, OAuth2 client credentials, client certificates', () => {
  const iso = isolation('fetch_ways');
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-fetch-ways-'));
  const SECRET = 'op-secret-6b1f0c2e9a';
  const SIRI_REQUEST = `<?xml version="1.0" encoding="UTF-8"?>
<Siri xmlns="http://www.siri.org.uk/siri" version="2.1">
  <ServiceRequest>
    <RequestTimestamp>2026-12-03T10:00:00Z</RequestTimestamp>
    <RequestorRef>mobility-hub</RequestorRef>
    <FacilityMonitoringRequest version="2.1">
      <RequestTimestamp>2026-12-03T10:00:00Z</RequestTimestamp>
    </FacilityMonitoringRequest>
  </ServiceRequest>
</Siri>
`;
  const siriFixture = readFileSync('test/fixtures/siri/siri-fm-parking-south-tyrol.xml');
  let siri: LocalOperator;
  let oauth: LocalOperator;
  let oauthSeen: OAuth2Operator;
  let mtls: MtlsOperator;
  let hub: RunningHub;
  const siriRequests: Array<{ method?: string; type?: string; body: string }> = [];

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;

  beforeAll(async () => {
    // A CA, a server certificate for 127.0.0.1 and a client certificate signed by it; a second, self-signed client.
    writeTestPki(dir, 'Test operator CA');
    writeSelfSigned(dir, 'stranger', 'stranger');
    writeFileSync(path.join(dir, 'siri-request.xml'), SIRI_REQUEST);

    siri = await startLocalOperator('/siri');
    siri.handle((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        siriRequests.push({
          method: req.method,
          type: req.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        });
        if (req.method !== 'POST') return void res.writeHead(405).end();
        res.writeHead(200, { 'content-type': 'application/xml' }).end(siriFixture);
      });
    });

    oauth = await startLocalOperator('/feed');
    oauthSeen = serveBehindOAuth2(oauth, { clientId: 'hub-client', secret: SECRET, tokenType: 'bearer' }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(jsonFeed({ o: 12 }, new Date().toISOString())),
    );

    mtls = await startMtlsOperator(dir, '/feed', (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(jsonFeed({ m: 3 }, new Date().toISOString())),
    );

    const base = oauth.url.replace(/\/feed$/, '');
    const auth = (secretVar: string) =>
      `    auth: { type: oauth2-client-credentials, tokenUrl: "${base}/token", clientId: hub-client, clientSecret: "\${${secretVar}}", scope: parking.read }\n`;
    const yaml = [
      `
  - id: siri-post
    kind: parking
    format: siri-fm
    url: ${siri.url}
    interval: 24h
    allowPrivateNetwork: true
    request: { method: POST, body: { file: siri-request.xml }, contentType: "application/xml; charset=utf-8" }
`,
      jsonFeedSource('oauth', oauth.url) + auth('OP_SECRET'),
      jsonFeedSource('oauth-bad', oauth.url) + auth('OP_WRONG_SECRET'),
      // The guard applies to the token URL: not allowed on loopback, the token is never asked for.
      jsonFeedSource('oauth-guarded', oauth.url).replace('allowPrivateNetwork: true', 'allowPrivateNetwork: false') +
        auth('OP_SECRET'),
      jsonFeedSource('mtls', mtls.url) + '    tls: { cert: client.pem, key: client.key, ca: ca.pem }\n',
      jsonFeedSource('mtls-stranger', mtls.url) + '    tls: { cert: stranger.pem, key: stranger.key, ca: ca.pem }\n',
    ].join('');
    writeFileSync(path.join(dir, 'sources.yaml'), `sources:${yaml}`);
    hub = await startHub(testConfig(iso, { sourcesPath: path.join(dir, 'sources.yaml') }), {
      OP_SECRET: SECRET,
      OP_WRONG_SECRET: 'not-the-secret-1234',
    });
    for (const id of ['siri-post', 'oauth', 'oauth-bad', 'oauth-guarded', 'mtls', 'mtls-stranger']) {
      await waitFor(async () => ((await health(id)).lastPollAt ? true : undefined));
    }
  });

  afterAll(async () => {
    await hub?.close();
    await siri?.close();
    await oauth?.close();
    await mtls?.close();
    await iso.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POSTs the SIRI FacilityMonitoringRequest from its file and reads the ServiceDelivery answered', async () => {
    expect(siriRequests[0]).toEqual({ method: 'POST', type: 'application/xml; charset=utf-8', body: SIRI_REQUEST });
    const conditions = siriFixture.toString().match(/<FacilityCondition>/g)?.length ?? 0;
    expect(conditions).toBeGreaterThan(0);
    expect((await health('siri-post')).lastError).toBeUndefined();
    const list = (await (await fetch(`${hub.url}/v1/parkings?source=siri-post&limit=500`)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(list.data).toHaveLength(conditions);
    expect(list.data.map((p) => p.id)).toContain('siri-post:IT:ITH10:Parking:105');
  });

  it('OAuth2: one token for several polls, a new one after a 401, sent as Bearer', async () => {
    expect((await health('oauth')).lastError).toBeUndefined();
    const asked = oauthSeen.tokenRequests.filter((t) =>
      t.authorization?.includes(Buffer.from(`hub-client:${SECRET}`).toString('base64')),
    );
    expect(asked).toHaveLength(1);
    expect(new URLSearchParams(asked[0].body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(asked[0].body).get('scope')).toBe('parking.read');
    const poller = hub.app.get(PollSourceService);
    await poller.poll('oauth');
    expect(oauthSeen.tokenRequests.filter((t) => t.authorization === asked[0].authorization)).toHaveLength(1);
    oauthSeen.valid.clear(); // the operator revokes every token
    const record = await poller.poll('oauth');
    expect(record?.outcome).not.toBe('failed');
    expect(oauthSeen.tokenRequests.filter((t) => t.authorization === asked[0].authorization)).toHaveLength(2);
  });

  it('a refused client is AUTH_TOKEN_FAILED, and the secret shows nowhere in /v1/sources', async () => {
    const bad = await health('oauth-bad');
    expect(bad.lastError?.code).toBe('AUTH_TOKEN_FAILED');
    expect(bad.lastError?.message).toContain('/token');
    expect(bad.lastError?.message).toContain('HTTP 401');
    const all = await (await fetch(`${hub.url}/v1/sources`)).text();
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('not-the-secret-1234');
    expect(all).not.toContain('tok-');
  });

  it('the token URL is refused by the private-network guard like any fetch', async () => {
    const guarded = await health('oauth-guarded');
    expect(guarded.lastError?.code).toBe('AUTH_TOKEN_FAILED');
    expect(guarded.lastError?.message).toContain('FETCH_BLOCKED_ADDRESS');
  });

  it('mTLS: the client certificate signed by the operator CA is accepted, a stranger is refused', async () => {
    expect((await health('mtls')).lastError).toBeUndefined();
    expect(mtls.peers).toContain('mobility-hub');
    expect(mtls.peers).not.toContain('stranger');
    expect((await health('mtls-stranger')).lastError?.code).toBe('FETCH_NETWORK');
  });
});
