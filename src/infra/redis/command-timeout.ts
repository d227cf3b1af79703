import type { Redis } from 'ioredis';

type SentCommand = Parameters<Redis['sendCommand']>[0] & { isResolved: boolean; reject(error: Error): void };

/**
 * HUB_REDIS_COMMAND_TIMEOUT that a busy event loop does not trip. ioredis' own `commandTimeout`
 * is a plain timer: after the loop was held longer than the timeout (thousands of live clients
 * reconnecting at once), the timer runs before the socket's data is read, and every command in
 * flight fails "Command timed out" although Redis answered long ago; the clients then retry, and
 * the storm feeds itself. Here the expired timer waits one more turn of the loop (setImmediate,
 * after the I/O poll) and fails the command only if its answer still has not come: an outage
 * still fails fast, with the same message (common/storage-outage.ts), a stall does not.
 */
export function withCommandTimeout(redis: Redis, timeoutMs: number): Redis {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: SentCommand, ...rest: unknown[]) => {
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (!command.isResolved) command.reject(new Error('Command timed out'));
        }),
      timeoutMs,
    );
    command.promise.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    return (send as (...args: unknown[]) => ReturnType<Redis['sendCommand']>)(command, ...rest);
  }) as Redis['sendCommand'];
  return redis;
}
