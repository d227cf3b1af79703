import type { FetchRequest, FetchResult, SourceFetcher } from '../../infra/http/source-fetcher.js';
import { OAuth2Tokens } from './oauth2-tokens.js';

const auth = {
  type: 'oauth2-client-credentials' as const,
  tokenUrl: 'https://auth.example/token',
  clientId: 'c',
  clientSecret: 's3cret',
};
const target = {
  url: 'https://op.example/feed',
  timeoutMs: 1_000,
  maxBytes: 1_000,
  headers: {},
  allowPrivateNetwork: false as const,
};

function tokens(answers: string[]): { tokens: OAuth2Tokens; asked: FetchRequest[]; clock: { now: number } } {
  const asked: FetchRequest[] = [];
  const clock = { now: 1_000_000 };
  const fetcher = {
    fetch: (req: FetchRequest): Promise<FetchResult> => {
      asked.push(req);
      const body = Buffer.from(answers.shift() ?? '');
      return Promise.resolve({ notModified: false, status: 200, body, bytes: body.length, latencyMs: 1 });
    },
  } as unknown as SourceFetcher;
  return { tokens: new OAuth2Tokens(fetcher, () => clock.now), asked, clock };
}

describe('OAuth2Tokens', () => {
  it('keeps a token until expires_in minus the margin (a tenth of a short life), then asks again', async () => {
    const t = tokens([
      '{"access_token":"a","expires_in":120}',
      '{"access_token":"b","token_type":"mac","expires_in":3600}',
    ]);
    expect(await t.tokens.authorization('s', auth, target)).toBe('Bearer a');
    // 120 s life: margin min(60 s, 12 s), usable 108 s.
    t.clock.now += 107_999;
    expect(await t.tokens.authorization('s', auth, target)).toBe('Bearer a');
    t.clock.now += 1;
    expect(await t.tokens.authorization('s', auth, target)).toBe('mac b');
    expect(t.asked).toHaveLength(2);
    expect(t.asked[0]).toMatchObject({
      url: 'https://auth.example/token',
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      headers: { Authorization: `Basic ${Buffer.from('c:s3cret').toString('base64')}` },
    });
    expect(t.asked[0].body?.toString()).toBe('grant_type=client_credentials');
  });

  it('invalidate forgets it; two requests at once share one token request', async () => {
    const t = tokens(['{"access_token":"a"}', '{"access_token":"b"}']);
    const both = await Promise.all([
      t.tokens.authorization('s', auth, target),
      t.tokens.authorization('s', auth, target),
    ]);
    expect(both).toEqual(['Bearer a', 'Bearer a']);
    t.tokens.invalidate('s', auth);
    expect(await t.tokens.authorization('s', auth, target)).toBe('Bearer b');
    expect(t.asked).toHaveLength(2);
  });

  it('an answer without a token is AUTH_TOKEN_FAILED, naming the URL and never the secret', async () => {
    for (const answer of ['not json', '{"error":"invalid_scope"}']) {
      const error = (await tokens([answer])
        .tokens.authorization('s', auth, target)
        .catch((e: unknown) => e)) as {
        code: string;
        message: string;
      };
      expect(error.code).toBe('AUTH_TOKEN_FAILED');
      expect(error.message).toContain('https://auth.example/token');
      expect(error.message).not.toContain('s3cret');
    }
  });
});
