import type { Readable } from 'node:stream';

/** Raised inside the stream so the caller can tell the cap from a transport failure. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body exceeds ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Collects a body, destroying the stream (and with it the socket and any
 * decompressor) the moment the cap is crossed or the signal fires, so
 * neither an oversized body nor a decompression bomb is ever buffered.
 */
export function readCappedBody(stream: Readable, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onAbort = (): void => {
      stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const finish = (): void => signal.removeEventListener('abort', onAbort);

    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        stream.destroy(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => {
      finish();
      resolve(Buffer.concat(chunks, total));
    });
    stream.once('error', (error: unknown) => {
      finish();
      reject(error);
    });
    stream.once('close', () => {
      finish();
      // A stream destroyed without an error ends neither way; treat it as cut short.
      reject(new Error('body stream closed before its end'));
    });

    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
