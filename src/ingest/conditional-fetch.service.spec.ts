import type { SourceFetcher } from '../infra/http/source-fetcher.js';
import type { FetchResult } from '../infra/http/fetch.types.js';
import { ConditionalFetchService } from './conditional-fetch.service.js';
import { MemoryFetchState } from './memory-fetch-state.fixture.js';

const target = {
  url: 'http://op.example/feed',
  timeoutMs: 1_000,
  maxBytes: 1_000,
  headers: {},
  allowPrivateNetwork: false,
};
const body = Buffer.from('{"items":[{"free":1}]}');

function service(answers: FetchResult[]): { fetch: ConditionalFetchService; store: MemoryFetchState } {
  const store = new MemoryFetchState();
  const fetcher = { fetch: () => Promise.resolve(answers.shift()) } as unknown as SourceFetcher;
  return { fetch: new ConditionalFetchService(fetcher, store), store };
}

const ok = (etag?: string): FetchResult => ({
  notModified: false,
  status: 200,
  body,
  bytes: body.length,
  latencyMs: 3,
  ...(etag === undefined ? {} : { etag }),
});

describe('ConditionalFetchService: what unchanged bytes read as', () => {
  const parsed = { entities: 0, warnings: 3, verdict: { code: 'NO_VALID_RECORDS', message: 'none valid' } };

  it('keeps the parse outcome with the validators and returns it for the same body and for a 304', async () => {
    const { fetch, store } = service([ok('"v1"'), ok(), { notModified: true, status: 304, latencyMs: 2 }]);
    const first = await fetch.fetch('s', 'main', target);
    if (!first.changed) throw new Error('first fetch must be a change');
    await first.commit(parsed);
    expect(store.states.get('s/main')).toMatchObject({ etag: '"v1"', parsed });

    expect(await fetch.fetch('s', 'main', target)).toMatchObject({ changed: false, reason: 'same-body', parsed });
    expect(await fetch.fetch('s', 'main', target)).toMatchObject({ changed: false, reason: 'not-modified', parsed });
  });

  it('has no outcome for states kept before it was recorded', async () => {
    const { fetch } = service([ok(), ok()]);
    const first = await fetch.fetch('s', 'main', target);
    if (!first.changed) throw new Error('first fetch must be a change');
    await first.commit();
    const again = await fetch.fetch('s', 'main', target);
    expect(again).toMatchObject({ changed: false, reason: 'same-body' });
    expect(again).not.toHaveProperty('parsed');
  });
});
