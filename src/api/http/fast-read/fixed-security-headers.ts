import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../security-headers.js';

/**
 * The headers helmet sets on every response, read once by running the very middleware the
 * Express path uses against a recording response (helmet's settings here depend on nothing of
 * the request), so the fast read path sends exactly the same set.
 */
export function fixedSecurityHeaders(imageSources: readonly string[] = []): Array<[string, string]> {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      recorded.delete(name);
    },
    getHeader(name: string) {
      return recorded.get(name);
    },
  };
  let called = false;
  securityHeaders(imageSources)(
    { headers: {} } as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error !== undefined) throw error as Error;
      called = true;
    },
  );
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be reused');
  return [...recorded];
}
