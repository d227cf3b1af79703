import { createHash } from 'node:crypto';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { FetchTarget, OAuth2ClientCredentials } from '../../config/source-config.js';
import type { SourceFetcher } from '../../infra/http/source-fetcher.js';
import { describeUrl } from '../../infra/http/fetch-errors.js';

/** A token is used until this long before it expires (or a tenth of its life, if shorter). */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;
/** A token response that states no `expires_in` is kept this long. */
export const DEFAULT_TOKEN_LIFE_MS = 5 * 60_000;
const TOKEN_MAX_BYTES = 64 * 1024;

interface CachedToken {
  accessToken: string;
  tokenType: string;
  usableUntilMs: number;
}

/**
 * OAuth2 client credentials (RFC 6749 § 4.4) for a source's `auth:`: a token from `tokenUrl`
 * (POST `grant_type=client_credentials` and `scope`, the client authenticated with HTTP Basic),
 * cached per source and credentials until its `expires_in` minus a margin, sent as
 * `Authorization: <token_type> <token>` to the source's own origin only. The token request goes
 * through the same SourceFetcher, so the source's `allowPrivateNetwork`, timeout and the SSRF
 * guard apply to it. Any failure is AUTH_TOKEN_FAILED; its message names the token URL (origin
 * and path) and what went wrong, never the secret or a token. Per process: each worker holds its own.
 */
export class OAuth2Tokens {
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly fetcher: SourceFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** The Authorization header value for this source's next request. */
  async authorization(sourceId: string, auth: OAuth2ClientCredentials, target: FetchTarget): Promise<string> {
    const key = cacheKey(sourceId, auth);
    const cached = this.cache.get(key);
    if (cached !== undefined && this.now() < cached.usableUntilMs) return `${cached.tokenType} ${cached.accessToken}`;
    let request = this.pending.get(key);
    if (request === undefined) {
      request = this.requestToken(sourceId, auth, target).finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    const token = await request;
    this.cache.set(key, token);
    return `${token.tokenType} ${token.accessToken}`;
  }

  /** Forgets the source's token (the feed answered 401 to it): the next request fetches a new one. */
  invalidate(sourceId: string, auth: OAuth2ClientCredentials): void {
    this.cache.delete(cacheKey(sourceId, auth));
  }

  private async requestToken(
    sourceId: string,
    auth: OAuth2ClientCredentials,
    target: FetchTarget,
  ): Promise<CachedToken> {
    const where = describeTokenUrl(auth.tokenUrl);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope !== undefined) form.set('scope', auth.scope);
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`);
    let body: Buffer;
    const askedAt = this.now();
    try {
      const result = await this.fetcher.fetch({
        url: auth.tokenUrl,
        method: 'POST',
        body: Buffer.from(form.toString()),
        contentType: 'application/x-www-form-urlencoded',
        headers: { Authorization: `Basic ${basic.toString('base64')}`, Accept: 'application/json' },
        timeoutMs: target.timeoutMs,
        maxBytes: TOKEN_MAX_BYTES,
        allowPrivateNetwork: target.allowPrivateNetwork,
        sourceId,
      });
      if (result.notModified) throw new Error('answered 304');
      body = result.body;
    } catch (error) {
      const cause = error instanceof AppException ? `${error.code}: ${error.message}` : (error as Error).message;
      throw new AppException(ErrorCode.AUTH_TOKEN_FAILED, `OAuth2 token from ${where} failed: ${cause}`, {
        transient: error instanceof AppException ? error.transient : true,
        cause: error,
      });
    }
    return readTokenResponse(body, where, askedAt);
  }
}

function readTokenResponse(body: Buffer, where: string, askedAt: number): CachedToken {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw tokenError(where, 'the answer is not JSON');
  }
  const token = json as { access_token?: unknown; token_type?: unknown; expires_in?: unknown } | null;
  if (typeof token?.access_token !== 'string' || token.access_token === '') {
    throw tokenError(where, 'the answer has no access_token');
  }
  const type = typeof token.token_type === 'string' && token.token_type !== '' ? token.token_type : 'Bearer';
  // RFC 6750: the type is case-insensitive; "bearer" is commonly sent, "Bearer" is what servers expect back.
  const tokenType = type.toLowerCase() === 'bearer' ? 'Bearer' : type;
  const expiresIn = Number(token.expires_in);
  const lifeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TOKEN_LIFE_MS;
  const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifeMs / 10);
  return { accessToken: token.access_token, tokenType, usableUntilMs: askedAt + lifeMs - margin };
}

function tokenError(where: string, why: string): AppException {
  return new AppException(ErrorCode.AUTH_TOKEN_FAILED, `OAuth2 token from ${where} failed: ${why}`, {
    transient: false,
  });
}

function describeTokenUrl(url: string): string {
  try {
    return describeUrl(new URL(url));
  } catch {
    return 'the token URL';
  }
}

/** Other credentials (a reload changed them) are another token; the secret only as a hash. */
function cacheKey(sourceId: string, auth: OAuth2ClientCredentials): string {
  const secret = createHash('sha256').update(auth.clientSecret).digest('base64url');
  return JSON.stringify([sourceId, auth.tokenUrl, auth.clientId, auth.scope ?? null, secret]);
}
