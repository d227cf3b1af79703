import { ErrorCode } from '../../common/error-codes.js';
import { isPrivateAddress } from './blocked-address.js';
import { SourceFetcher } from './source-fetcher.js';
import type { FetchRequest } from './fetch.types.js';
import { fetchFailure } from './testing/fetch-failure.js';
import { startLocalServer } from './testing/local-http-server.js';
import type { LocalHttpServer } from './testing/local-http-server.js';

const request = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url,
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  allowPrivateNetwork: false,
  ...extra,
});

/** A resolver that records every lookup and answers from a fixed table. */
function fakeDns(table: Record<string, string[]>): {
  resolveHost: (host: string) => Promise<string[]>;
  asked: string[];
} {
  const asked: string[] = [];
  return {
    asked,
    resolveHost: async (host) => {
      asked.push(host);
      return table[host] ?? [];
    },
  };
}

let server: LocalHttpServer;
beforeEach(async () => {
  server = await startLocalServer((_req, res) => res.end('private feed'));
});
afterEach(async () => {
  await server.close();
});

describe('SourceFetcher private-network guard', () => {
  it('refuses 127.0.0.1 without opening a connection', async () => {
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const error = await fetchFailure(fetcher.fetch(request(`${server.origin}/feed`)));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      `Refused to fetch ${server.origin}/feed: 127.0.0.1 resolves to the non-public address 127.0.0.1`,
    );
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('serves the same URL once the source allows the private network', async () => {
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const result = await fetcher.fetch(request(`${server.origin}/feed`, { allowPrivateNetwork: true }));

    if (result.notModified) throw new Error('expected a body');
    expect(result.body.toString()).toBe('private feed');
    expect(server.connections).toBe(1);
  });

  it.each([
    ['10.0.0.1'],
    ['169.254.169.254'],
    ['192.168.0.10'],
    ['100.64.3.4'],
    ['::1'],
    ['fd00::5'],
    ['::ffff:127.0.0.1'],
  ])('refuses a hostname resolving to %s', async (address) => {
    const dns = fakeDns({ 'feeds.example.test': [address] });
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(fetcher.fetch(request('https://feeds.example.test/parking.json')));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.message).toContain(address);
    expect(dns.asked).toEqual(['feeds.example.test']);
  });

  it('checks every resolved address, not just the first', async () => {
    const dns = fakeDns({
      'feeds.example.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '10.0.0.1'],
    });
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(fetcher.fetch(request('http://feeds.example.test/')));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.message).toContain('10.0.0.1');
  });

  it.each([
    ['http://2130706433:PORT/'],
    ['http://0x7f.1:PORT/'],
    ['http://0x7f000001:PORT/'],
    ['http://0177.0.0.1:PORT/'],
    ['http://127.1:PORT/'],
    ['http://[::ffff:127.0.0.1]:PORT/'],
    ['http://[::ffff:7f00:1]:PORT/'],
    ['http://[::1]:PORT/'],
    ['http://0:PORT/'],
    ['http://[::]:PORT/'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data/'],
    ['http://2852039166/latest/meta-data/'],
    ['http://[fe80::1]/'],
    ['http://[fc00::1]/'],
    ['http://100.64.0.1/'],
    ['http://224.0.0.251/'],
    ['http://255.255.255.255/'],
  ])('refuses the literal address %s without DNS or a connection', async (template) => {
    const dns = fakeDns({});
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(fetcher.fetch(request(template.replace('PORT', String(server.port)))));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(dns.asked).toEqual([]);
    expect(server.connections).toBe(0);
  });

  it.each([
    ['ftp://files.example.org/feed.zip'],
    ['gopher://example.org/'],
    ['data:text/plain,hi'],
    ['javascript:alert(1)'],
  ])('refuses the scheme of %s', async (url) => {
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const error = await fetchFailure(fetcher.fetch(request(url, { allowPrivateNetwork: true })));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.transient).toBe(false);
  });
});

describe('SourceFetcher guard on redirects', () => {
  /** The real policy, except for the one loopback address the test server stands in for "the internet". */
  const allowTestServer = (address: string): boolean => address !== '127.0.0.1' && isPrivateAddress(address);

  let redirector: LocalHttpServer;
  let location = '';
  beforeEach(async () => {
    redirector = await startLocalServer((_req, res) => {
      res.writeHead(302, { Location: location });
      res.end();
    });
  });
  afterEach(async () => {
    await redirector.close();
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    location = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const fetcher = new SourceFetcher({ userAgent: 't', isBlockedAddress: allowTestServer });

    const error = await fetchFailure(fetcher.fetch(request(`${redirector.origin}/feed`)));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.message).toContain('169.254.169.254');
    expect(redirector.requests).toHaveLength(1);
  });

  it('re-resolves and refuses a redirect to a host that resolves privately', async () => {
    location = 'http://intranet.example.test/admin';
    const dns = fakeDns({ 'intranet.example.test': ['10.1.2.3'] });
    const fetcher = new SourceFetcher({
      userAgent: 't',
      resolveHost: dns.resolveHost,
      isBlockedAddress: allowTestServer,
    });

    const error = await fetchFailure(fetcher.fetch(request(`${redirector.origin}/feed`)));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(dns.asked).toEqual(['intranet.example.test']);
  });

  it('refuses a redirect to an IPv4-mapped loopback notation of the server', async () => {
    location = `http://[::ffff:127.0.0.1]:${server.port}/`;
    const fetcher = new SourceFetcher({ userAgent: 't', isBlockedAddress: allowTestServer });

    const error = await fetchFailure(fetcher.fetch(request(`${redirector.origin}/feed`)));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(redirector.requests).toHaveLength(1);
    expect(server.connections).toBe(0);
  });
});
