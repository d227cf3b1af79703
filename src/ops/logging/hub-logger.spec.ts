import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { HubLogger } from './hub-logger.js';
import { withLogContext } from './log-context.js';
import { addSecretSource } from './log-redactor.js';

function sink(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('HubLogger (json)', () => {
  it('writes one JSON object per line with level, context, request and source ids', () => {
    const out = sink();
    const logger = new HubLogger({ format: 'json', level: 'log', destination: out.stream });
    withLogContext({ requestId: 'req-1' }, () =>
      withLogContext({ sourceId: 'poitiers' }, () => logger.warn('feed slow', 'Poll')),
    );
    logger.log({ message: 'GET /v1/parkings 200', status: 200, durationMs: 3 }, 'Http');
    logger.debug('not at this level', 'Poll');
    logger.error('it broke', 'Error: it broke\n    at x (y.js:1:1)', 'Boot');
    const [warn, access, error] = out.lines();
    expect(out.lines()).toHaveLength(3);
    expect(warn).toMatchObject({
      level: 'warn',
      context: 'Poll',
      requestId: 'req-1',
      sourceId: 'poitiers',
      msg: 'feed slow',
    });
    expect(typeof warn.time).toBe('string');
    expect(access).toMatchObject({
      level: 'info',
      context: 'Http',
      status: 200,
      durationMs: 3,
      msg: 'GET /v1/parkings 200',
    });
    expect(access.requestId).toBeUndefined();
    expect(error).toMatchObject({
      level: 'error',
      context: 'Boot',
      msg: 'it broke',
      stack: 'Error: it broke\n    at x (y.js:1:1)',
    });
  });

  it('redacts keys in messages, fields and stacks', () => {
    const out = sink();
    const remove = addSecretSource(() => ['operator-secret-42']);
    const logger = new HubLogger({ format: 'json', level: 'verbose', destination: out.stream });
    logger.log({ message: 'GET /v1/parkings?apiKey=hub-key-1 200', headers: { 'x-api-key': 'hub-key-2' } }, 'Http');
    logger.error('fetch failed: Apikey operator-secret-42', 'Error\n    at Authorization: Bearer hub-key-3', 'Poll');
    remove();
    const text = out
      .lines()
      .map((l) => JSON.stringify(l))
      .join('\n');
    for (const secret of ['hub-key-1', 'hub-key-2', 'hub-key-3', 'operator-secret-42'])
      expect(text).not.toContain(secret);
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(4);
  });
});

describe('HubLogger pretty lines outside a terminal', () => {
  it('writes no ANSI colour codes when stdout is not a terminal', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    const wasTty = process.stdout.isTTY;
    process.stdout.isTTY = false as never;
    try {
      new HubLogger({ format: 'pretty', level: 'log' }).log('plain words', 'Test');
    } finally {
      process.stdout.isTTY = wasTty;
      spy.mockRestore();
    }
    expect(written.join('')).toContain('plain words');
    expect(written.join('')).not.toMatch(/\u001b\[/);
  });
});
