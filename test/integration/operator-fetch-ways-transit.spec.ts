import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { serveBehindOAuth2, type OAuth2Operator } from '../support/oauth2-operator.js';
import { startMtlsOperator, writeTestPki, type MtlsOperator } from '../support/test-pki.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/**
 * Transit feeds behind OAuth2 client credentials or a client certificate (issue #15), as some
 * national access points serve them: `auth:` and `tls:` on `gtfs-rt` and `gtfs` sources, against
 * operators on loopback. The vehicle count is read from the .pb with gtfs-realtime-bindings.
 */

interface Health {
  lastPollAt?: string | null;
  lastSuccessAt?: string | null;
  entities: number;
  lastError?: { code: string; message: string };
}

const VEHICLES = readFileSync(fixture('gtfs-rt/caltrain-vehiclepositions.pb'));
const ZIP = readFileSync(fixture('gtfs/caltrain-gtfs.zip'));
const SECRET = 'rt-secret-4d9a7e1c55';

describe('gtfs-rt and gtfs sources with auth: and tls:', () => {
  const iso = isolation('fetch_ways_rt');
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-fetch-ways-rt-'));
  let nap: LocalOperator;
  let napSeen: OAuth2Operator;
  let mtls: MtlsOperator;
  let hub: RunningHub;

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;

  beforeAll(async () => {
    writeTestPki(dir, 'Test NAP CA');

    // A national access point: a token endpoint, and feeds that want its Bearer token.
    nap = await startLocalOperator('/rt/vehicles');
    napSeen = serveBehindOAuth2(nap, { clientId: 'hub', secret: SECRET, tokenType: 'Bearer' }, (req, res) => {
      if (req.url === '/gtfs.zip') return void res.writeHead(200, { 'content-type': 'application/zip' }).end(ZIP);
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(VEHICLES);
    });

    mtls = await startMtlsOperator(dir, '/rt/vehicles', (res) =>
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(VEHICLES),
    );

    const origin = new URL(nap.url).origin;
    const auth = (secretVar: string) =>
      `    auth: { type: oauth2-client-credentials, tokenUrl: "${origin}/token", clientId: hub, clientSecret: "\${${secretVar}}" }\n`;
    const yaml = `sources:
  - id: rt-oauth
    kind: gtfs-rt
    urls: { vehiclePositions: "${nap.url}" }
    interval: 24h
    allowPrivateNetwork: true
${auth('NAP_SECRET')}  - id: rt-oauth-bad
    kind: gtfs-rt
    urls: { vehiclePositions: "${nap.url}" }
    interval: 24h
    allowPrivateNetwork: true
${auth('NAP_WRONG')}  - id: rt-mtls
    kind: gtfs-rt
    urls: { vehiclePositions: "${mtls.url}" }
    interval: 24h
    allowPrivateNetwork: true
    tls: { cert: client.pem, key: client.key, ca: ca.pem }
  - id: static-oauth
    kind: gtfs
    url: "${origin}/gtfs.zip"
    interval: 24h
    allowPrivateNetwork: true
${auth('NAP_SECRET')}`;
    writeFileSync(path.join(dir, 'sources.yaml'), yaml);
    hub = await startHub(testConfig(iso, { sourcesPath: path.join(dir, 'sources.yaml') }), {
      NAP_SECRET: SECRET,
      NAP_WRONG: 'not-the-secret-5678',
    });
    for (const id of ['rt-oauth', 'rt-oauth-bad', 'rt-mtls', 'static-oauth']) {
      await waitFor(async () => ((await health(id)).lastPollAt ? true : undefined), 30_000);
    }
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    await nap?.close();
    await mtls?.close();
    await iso.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const positioned = rt.FeedMessage.decode(VEHICLES).entity.filter(
    (e) => e.vehicle !== null && e.vehicle !== undefined && Object.prototype.hasOwnProperty.call(e.vehicle, 'position'),
  ).length;

  it('gtfs-rt behind OAuth2: the feed is fetched with the Bearer token and its vehicles counted', async () => {
    expect(positioned).toBe(14);
    const h = await health('rt-oauth');
    expect(h.lastError).toBeUndefined();
    expect(h.entities).toBe(positioned);
    const good = `Basic ${Buffer.from(`hub:${SECRET}`).toString('base64')}`;
    const asked = napSeen.tokenRequests.filter((t) => t.authorization === good);
    // One for the gtfs-rt source, one for the gtfs source (a token is cached per source).
    expect(asked).toHaveLength(2);
    expect(new URLSearchParams(asked[0].body).get('grant_type')).toBe('client_credentials');
    const served = napSeen.feedRequests.filter(
      (r) => r.url === '/rt/vehicles' && /^Bearer tok-\d+$/.test(r.authorization ?? ''),
    );
    expect(served.length).toBeGreaterThanOrEqual(1);
  });

  it('gtfs-rt: a revoked token is fetched again once on the 401, and the poll succeeds', async () => {
    const before = napSeen.tokenRequests.length;
    napSeen.valid.clear();
    const record = await hub.app.get(PollSourceService).poll('rt-oauth');
    expect(record?.outcome).not.toBe('failed');
    expect(napSeen.tokenRequests.length - before).toBe(1);
    expect((await health('rt-oauth')).lastError).toBeUndefined();
  });

  it('gtfs-rt: a refused client is AUTH_TOKEN_FAILED, the secret nowhere in /v1/sources', async () => {
    const bad = await health('rt-oauth-bad');
    expect(bad.lastError?.code).toBe('AUTH_TOKEN_FAILED');
    expect(bad.lastError?.message).toContain('/token');
    const all = await (await fetch(`${hub.url}/v1/sources`)).text();
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('not-the-secret-5678');
  });

  it('gtfs-rt over mTLS: the client certificate is presented and the feed read', async () => {
    const h = await health('rt-mtls');
    expect(h.lastError).toBeUndefined();
    expect(h.entities).toBe(positioned);
    expect(mtls.peers).toContain('mobility-hub');
  });

  it('gtfs behind OAuth2: the zip is downloaded with the Bearer token', async () => {
    await waitFor(async () => ((await health('static-oauth')).lastSuccessAt ? true : undefined), 30_000);
    expect((await health('static-oauth')).lastError).toBeUndefined();
    const zips = napSeen.feedRequests.filter((r) => r.url === '/gtfs.zip');
    expect(zips.length).toBeGreaterThanOrEqual(1);
    expect(zips.every((r) => /^Bearer tok-\d+$/.test(r.authorization ?? ''))).toBe(true);
  });
});
