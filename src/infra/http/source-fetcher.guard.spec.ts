import { ErrorCode } from '../../common/error-codes.js';
import { type CidrRange, parseCidr } from '../../config/cidr-range.js';
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

const cidrs = (...texts: string[]): CidrRange[] =>
  texts.map((text) => {
    const parsed = parseCidr(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
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
      `Refused to fetch ${server.origin}/feed: 127.0.0.1 resolves to the non-public address 127.0.0.1; ` +
        'allowPrivateNetwork: true (or a list of CIDRs covering 127.0.0.1) on the source would allow it; ' +
        "a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:",
    );
    expect(error.details).toEqual({ host: '127.0.0.1', address: '127.0.0.1', reason: 'non-public' });
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

describe('SourceFetcher guard with allowPrivateNetwork: true', () => {
  it.each([['169.254.169.254'], ['169.254.170.2'], ['fe80::1'], ['fd00:ec2::254'], ['::ffff:169.254.169.254']])(
    'refuses a hostname resolving to the link-local / metadata address %s',
    async (address) => {
      const dns = fakeDns({ 'metadata.example.test': [address] });
      const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

      const error = await fetchFailure(
        fetcher.fetch(request('http://metadata.example.test/latest/meta-data/', { allowPrivateNetwork: true })),
      );

      expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
      expect(error.transient).toBe(false);
      expect(error.message).toContain(
        `metadata.example.test resolves to the link-local / cloud metadata address ${address}`,
      );
      expect(error.message).toContain('which allowPrivateNetwork: true does not open; list a CIDR covering it');
      expect(dns.asked).toEqual(['metadata.example.test']);
    },
  );

  it('refuses before connecting: a host answering with loopback and metadata addresses never gets a socket', async () => {
    const dns = fakeDns({ 'mixed.example.test': ['127.0.0.1', '169.254.169.254'] });
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(
      fetcher.fetch(request(`http://mixed.example.test:${server.port}/feed`, { allowPrivateNetwork: true })),
    );

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.details).toEqual({ host: 'mixed.example.test', address: '169.254.169.254', reason: 'link-local' });
    expect(server.connections).toBe(0);
  });

  it.each([['http://169.254.169.254/latest/meta-data/'], ['http://[fe80::1]/'], ['http://[::ffff:a9fe:a9fe]/']])(
    'refuses the literal %s without DNS',
    async (url) => {
      const dns = fakeDns({});
      const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

      const error = await fetchFailure(fetcher.fetch(request(url, { allowPrivateNetwork: true })));

      expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
      expect(dns.asked).toEqual([]);
    },
  );
});

describe('SourceFetcher guard with allowPrivateNetwork: [CIDRs]', () => {
  it('serves a loopback server a listed CIDR covers', async () => {
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const result = await fetcher.fetch(
      request(`${server.origin}/feed`, { allowPrivateNetwork: cidrs('10.0.0.0/8', '127.0.0.0/8') }),
    );

    if (result.notModified) throw new Error('expected a body');
    expect(result.body.toString()).toBe('private feed');
  });

  it('refuses a private address outside the list, naming the list, without connecting', async () => {
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const error = await fetchFailure(
      fetcher.fetch(request(`${server.origin}/feed`, { allowPrivateNetwork: cidrs('10.0.0.0/8', 'fd00::/8') })),
    );

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.message).toContain(
      '127.0.0.1 resolves to the non-public address 127.0.0.1, outside allowPrivateNetwork [10.0.0.0/8, fd00::/8]',
    );
    expect(server.connections).toBe(0);
  });

  it('still refuses the metadata address when only a private range is listed', async () => {
    const dns = fakeDns({ 'metadata.example.test': ['169.254.169.254'] });
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(
      fetcher.fetch(request('http://metadata.example.test/', { allowPrivateNetwork: cidrs('10.0.0.0/8') })),
    );

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.details).toMatchObject({ address: '169.254.169.254', reason: 'not-listed' });
  });
});

describe('SourceFetcher guard on redirects with allowPrivateNetwork: true', () => {
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

  it('refuses a redirect to 169.254.169.254 before connecting to it', async () => {
    location = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const fetcher = new SourceFetcher({ userAgent: 't' });
    const started = performance.now();

    const error = await fetchFailure(
      fetcher.fetch(request(`${redirector.origin}/feed`, { allowPrivateNetwork: true })),
    );

    // A connection attempt to an unreachable address would end in FETCH_TIMEOUT or FETCH_NETWORK, not this.
    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.message).toContain(
      'Refused to fetch http://169.254.169.254/latest/meta-data/iam/security-credentials/: 169.254.169.254 resolves to the link-local / cloud metadata address 169.254.169.254',
    );
    expect(error.message).toContain('allowPrivateNetwork: [169.254.169.254/32]');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(redirector.requests).toHaveLength(1);
  });

  it('re-resolves a redirect hop and refuses a hostname resolving to a link-local address', async () => {
    location = `http://metadata.example.test:${server.port}/computeMetadata/v1/`;
    const dns = fakeDns({ 'metadata.example.test': ['fe80::a9fe:a9fe'] });
    const fetcher = new SourceFetcher({ userAgent: 't', resolveHost: dns.resolveHost });

    const error = await fetchFailure(
      fetcher.fetch(request(`${redirector.origin}/feed`, { allowPrivateNetwork: true })),
    );

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(error.details).toEqual({ host: 'metadata.example.test', address: 'fe80::a9fe:a9fe', reason: 'link-local' });
    expect(dns.asked).toEqual(['metadata.example.test']);
    expect(redirector.requests).toHaveLength(1);
  });

  it('follows a redirect to a loopback server (private ranges stay open with true)', async () => {
    location = `${server.origin}/feed`;
    const fetcher = new SourceFetcher({ userAgent: 't' });

    const result = await fetcher.fetch(request(`${redirector.origin}/start`, { allowPrivateNetwork: true }));

    if (result.notModified) throw new Error('expected a body');
    expect(result.body.toString()).toBe('private feed');
  });
});
