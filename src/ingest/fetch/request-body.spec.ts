import type { FetchRequest, FetchResult, SourceFetcher } from '../../infra/http/source-fetcher.js';
import { ConditionalFetchService } from '../conditional-fetch.service.js';
import { MemoryFetchState } from '../memory-fetch-state.fixture.js';

const payload = Buffer.from('<Siri/>');
const withBody = (body: string) => ({
  url: 'http://op.example/siri',
  timeoutMs: 1_000,
  maxBytes: 1_000,
  headers: {},
  allowPrivateNetwork: false as const,
  request: { method: 'POST' as const, body, contentType: 'application/xml' },
});

describe('a POST source: conditional fetch keys include the body', () => {
  const sent: FetchRequest[] = [];
  const store = new MemoryFetchState();
  const fetcher = {
    fetch: (req: FetchRequest): Promise<FetchResult> => {
      sent.push(req);
      return Promise.resolve({
        notModified: false,
        status: 200,
        body: payload,
        bytes: payload.length,
        latencyMs: 1,
        etag: '"e1"',
      });
    },
  } as unknown as SourceFetcher;
  const service = new ConditionalFetchService(fetcher, store);

  it('sends the method, body and content type; the same body reuses the validators and the body hash', async () => {
    const first = await service.fetch('s', 'main', withBody('<A/>'));
    if (!first.changed) throw new Error('first fetch must be a change');
    await first.commit();
    expect(sent[0]).toMatchObject({ method: 'POST', contentType: 'application/xml', body: Buffer.from('<A/>') });
    expect(sent[0].etag).toBeUndefined();
    const again = await service.fetch('s', 'main', withBody('<A/>'));
    expect(sent[1].etag).toBe('"e1"');
    expect(again).toMatchObject({ changed: false, reason: 'same-body' });
  });

  it('another body sends no validators and reads the same bytes as new', async () => {
    const other = await service.fetch('s', 'main', withBody('<B/>'));
    expect(sent[2].etag).toBeUndefined();
    expect(sent[2].body).toEqual(Buffer.from('<B/>'));
    expect(other.changed).toBe(true);
  });
});
