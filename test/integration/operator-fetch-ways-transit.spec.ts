import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
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
  let mtls: Server;
  let hub: RunningHub;
  const tokenRequests: Array<{ authorization?: string; body: string }> = [];
  const feedRequests: Array<{ url?: string; authorization?: string }> = [];
  const valid = new Set<string>();
  const mtlsPeers: string[] = [];

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;
  const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    sh(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', name]);
  const sign = (name: string, ext?: string) =>
    sh([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      ...(ext === undefined ? [] : ['-extfile', ext]),
    ]);

  beforeAll(async () => {
    key('ca.key');
    sh(['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test NAP CA']);
    for (const [name, subject] of [
      ['server', '/CN=127.0.0.1'],
      ['client', '/CN=mobility-hub'],
    ]) {
      key(`${name}.key`);
      sh(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    }
    writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    sign('server', 'server.ext');
    sign('client');

    // A national access point: a token endpoint, and feeds that want its Bearer token.
    nap = await startLocalOperator('/rt/vehicles');
    let issued = 0;
    nap.handle((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/token') {
          tokenRequests.push({ authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() });
          if (req.headers.authorization !== `Basic ${Buffer.from(`hub:${SECRET}`).toString('base64')}`) {
            return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
          }
          const token = `tok-${++issued}`;
          valid.add(token);
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
        }
        feedRequests.push({ url: req.url, authorization: req.headers.authorization });
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (bearer === undefined || !valid.has(bearer)) return void res.writeHead(401).end();
        if (req.url === '/gtfs.zip') return void res.writeHead(200, { 'content-type': 'application/zip' }).end(ZIP);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(VEHICLES);
      });
    });

    mtls = createHttpsServer(
      {
        key: readFileSync(path.join(dir, 'server.key')),
        cert: readFileSync(path.join(dir, 'server.pem')),
        ca: readFileSync(path.join(dir, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        mtlsPeers.push(String((req.socket as TLSSocket).getPeerCertificate().subject.CN));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(VEHICLES);
      },
    );
    await new Promise<void>((resolve) => mtls.listen(0, '127.0.0.1', resolve));
    const mtlsUrl = `https://127.0.0.1:${(mtls.address() as AddressInfo).port}/rt/vehicles`;

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
    urls: { vehiclePositions: "${mtlsUrl}" }
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
    mtls?.closeAllConnections();
    await new Promise((resolve) => mtls?.close(resolve));
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
    const asked = tokenRequests.filter((t) => t.authorization === good);
    // One for the gtfs-rt source, one for the gtfs source (a token is cached per source).
    expect(asked).toHaveLength(2);
    expect(new URLSearchParams(asked[0].body).get('grant_type')).toBe('client_credentials');
    const served = feedRequests.filter(
      (r) => r.url === '/rt/vehicles' && /^Bearer tok-\d+$/.test(r.authorization ?? ''),
    );
    expect(served.length).toBeGreaterThanOrEqual(1);
  });

  it('gtfs-rt: a revoked token is fetched again once on the 401, and the poll succeeds', async () => {
    const before = tokenRequests.length;
    valid.clear();
    const record = await hub.app.get(PollSourceService).poll('rt-oauth');
    expect(record?.outcome).not.toBe('failed');
    expect(tokenRequests.length - before).toBe(1);
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
    expect(mtlsPeers).toContain('mobility-hub');
  });

  it('gtfs behind OAuth2: the zip is downloaded with the Bearer token', async () => {
    await waitFor(async () => ((await health('static-oauth')).lastSuccessAt ? true : undefined), 30_000);
    expect((await health('static-oauth')).lastError).toBeUndefined();
    const zips = feedRequests.filter((r) => r.url === '/gtfs.zip');
    expect(zips.length).toBeGreaterThanOrEqual(1);
    expect(zips.every((r) => /^Bearer tok-\d+$/.test(r.authorization ?? ''))).toBe(true);
  });
});
