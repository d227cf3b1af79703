import { createSecureContext } from 'node:tls';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '../../common/error-codes.js';
import { SourceFetcher } from './source-fetcher.js';
import { fetchFailure } from './testing/fetch-failure.js';
import { TEST_CERT, TEST_KEY } from './testing/self-signed-cert.js';

describe('SourceFetcher over https', () => {
  let server: Server;
  let port: number;
  const serverNames: string[] = [];

  beforeAll(async () => {
    const context = createSecureContext({ cert: TEST_CERT, key: TEST_KEY });
    server = createServer(
      {
        cert: TEST_CERT,
        key: TEST_KEY,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null, context);
        },
      },
      (_req, res) => res.end('unreachable: the client must reject the certificate'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('dials the pinned address, keeps the hostname for SNI, and rejects an untrusted certificate permanently', async () => {
    const fetcher = new SourceFetcher({
      userAgent: 't',
      resolveHost: async () => ['127.0.0.1'],
    });

    const error = await fetchFailure(
      fetcher.fetch({
        url: `https://feeds.example.test:${port}/gtfs-rt/vehicle-positions`,
        timeoutMs: 5_000,
        maxBytes: 1_000_000,
        allowPrivateNetwork: true,
      }),
    );

    expect(serverNames).toEqual(['feeds.example.test']);
    expect(error.code).toBe(ErrorCode.FETCH_NETWORK);
    // DEPTH_ZERO_SELF_SIGNED_CERT, or CERT_NOT_YET_VALID on a host whose clock is behind the one that signed it.
    expect(error.details).toEqual({ code: expect.stringMatching(/SELF_SIGNED|CERT/) });
    expect(error.transient).toBe(false);
  });
});
