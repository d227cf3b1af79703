import zlib from 'node:zlib';
import Negotiator from 'negotiator';

/** The same choices, preferences and settings as the `compression` middleware (1.8) on the Express path. */
const SUPPORTED = ['br', 'gzip', 'deflate', 'identity'];
const PREFERRED = ['br', 'gzip'];
/** compression's threshold (compression.middleware.ts): smaller bodies go as they are. */
export const COMPRESSION_THRESHOLD = 1024;
const CHOICES_KEPT = 256;

/**
 * The content coding to answer with for an `Accept-Encoding` value ('identity' = none), chosen
 * like compression does (Negotiator, brotli preferred). Clients send few distinct values, so
 * choices are remembered (bounded) instead of negotiated per request.
 */
export class ContentCodingChooser {
  private readonly choices = new Map<string, string>();

  choose(acceptEncoding: string | undefined): string {
    const header = acceptEncoding ?? '';
    const known = this.choices.get(header);
    if (known !== undefined) return known;
    // negotiator 0.6.4 takes the preferred list as its second argument (its typings predate it).
    const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as {
      encoding(available: string[], preferred: string[]): string | undefined;
    };
    const chosen = negotiator.encoding(SUPPORTED, PREFERRED) ?? 'identity';
    if (this.choices.size >= CHOICES_KEPT) this.choices.clear();
    this.choices.set(header, chosen);
    return chosen;
  }
}

/** `body` in `coding` ('br', 'gzip' or 'deflate'), with compression's defaults (brotli quality 4). */
export function encodeBody(coding: string, body: Buffer): Buffer {
  if (coding === 'br') {
    return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
  }
  return coding === 'gzip' ? zlib.gzipSync(body) : zlib.deflateSync(body);
}
