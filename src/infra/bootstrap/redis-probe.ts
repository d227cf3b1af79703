import { Redis } from 'ioredis';

/** The URL with its password masked, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Resolves when a Redis at `url` answers PING within `timeoutMs`, else rejects with the reason.
 * No retries: a missing server must be detected quickly so the next option can be tried.
 */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // A probe has nothing to flush; the 2 s default keeps the process (and jest) alive.
    disconnectTimeout: 100,
  });
  // connect() only rejects with "Connection is closed."; the cause comes as an 'error' event.
  let cause: unknown;
  client.on('error', (err: unknown) => {
    cause ??= err;
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
  } catch (err) {
    throw cause ?? err;
  } finally {
    clearTimeout(timer);
    // After a failed connect the socket is already gone, and disconnect() would arm a timer
    // waiting for a 'close' event that never comes again.
    if (client.status !== 'end') client.disconnect();
  }
}

/** Polls until PING answers; used right after spawning a server that needs a moment to bind. */
export async function waitForRedis(url: string, timeoutMs: number, isDead: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await pingRedis(url, 500);
    } catch (err) {
      if (isDead() || Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
