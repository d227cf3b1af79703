import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written within a request or a poll carries. */
export interface LogContext {
  requestId?: string;
  sourceId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` (and everything async it starts) with these fields added to its log lines. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
