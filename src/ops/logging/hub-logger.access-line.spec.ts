import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import type { AccessLine } from './access-line.js';
import { HubLogger } from './hub-logger.js';
import { withLogContext } from './log-context.js';
import { addSecretSource } from './log-redactor.js';

function sink(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

/** Odd text a request can carry into the path, query and request id. */
const ODD = [
  '',
  'plain',
  'quote"and\\backslash',
  'ctl\u0001\u001f\t\n\r',
  'del\u007f',
  'ünïcødé €',
  '😀 emoji',
  'lone \ud800 high',
  'lone \udc00 low',
  'line sep \u2028 \u2029',
  '%s %d %o %% %j',
  '<script>"x"</script>',
  'x'.repeat(100),
  `${'y'.repeat(99)}"`,
  `${'z'.repeat(150)}"\\`,
  'k'.repeat(5000),
  '?apiKey=abcdef&token=xyz',
  'Authorization: Bearer s3cret',
  'postgres://user:pw@host/db',
  'has-the-substituted-secret-value inside',
];

function variedLines(): AccessLine[] {
  const lines: AccessLine[] = [];
  const statuses = [200, 304, 429, 404, 500];
  ODD.forEach((odd, i) => {
    for (const [j, status] of statuses.entries()) {
      const url = `/v1/parkings?near=${encodeURI('48.1,11.5')}&q=${odd}${j % 2 === 0 ? '&apiKey=k-123456' : ''}`;
      const durationMs = [0, 0.1, 12.3, 1e21, Number.NaN][j];
      lines.push({
        message: `GET ${url} ${status} ${durationMs}ms${j === 4 ? ' (closed by the client)' : ''}`,
        method: 'GET',
        path: url,
        route: i % 3 === 0 ? '/v1/parkings' : `/v1/parkings/${odd}`,
        status,
        durationMs,
        ...(j === 4 ? { aborted: true as const } : {}),
        requestId: odd === '' ? 'req-1' : odd.slice(0, 200),
      });
    }
  });
  return lines;
}

describe('HubLogger.writeAccessLine', () => {
  const removeSecret = addSecretSource(() => ['has-the-substituted-secret-value']);
  afterAll(() => removeSecret());
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 8, 2, 3, 4, 567)));
  afterEach(() => jest.restoreAllMocks());

  function both(level: 'log' | 'debug', line: AccessLine, scope: (fn: () => void) => void = (fn) => fn()) {
    const general = sink();
    const direct = sink();
    const viaPino = new HubLogger({ format: 'json', level: 'debug', destination: general.stream });
    const viaLine = new HubLogger({ format: 'json', level: 'debug', destination: direct.stream });
    scope(() => {
      viaPino[level]({ ...line }, 'Http');
      expect(viaLine.writeAccessLine(level, line, 'Http')).toBe(true);
    });
    return { general: general.bytes(), direct: direct.bytes() };
  }

  it('writes the bytes pino writes for the same line, on varied paths, queries, request ids and statuses', () => {
    const lines = variedLines();
    expect(lines.length).toBe(ODD.length * 5);
    for (const line of lines) {
      for (const level of ['log', 'debug'] as const) {
        const { general, direct } = both(level, line);
        expect(general.length).toBeGreaterThan(0);
        expect(direct.toString('hex')).toBe(general.toString('hex'));
      }
    }
  });

  it('writes the same bytes inside a request or poll log context', () => {
    for (const line of variedLines().slice(0, 30)) {
      const inRequest = both('log', line, (fn) => withLogContext({ requestId: 'ctx-"req"' }, fn));
      expect(inRequest.direct.toString('hex')).toBe(inRequest.general.toString('hex'));
      const inPoll = both('log', line, (fn) => withLogContext({ requestId: 'r', sourceId: 'poitiers\u2028"' }, fn));
      expect(inPoll.direct.toString('hex')).toBe(inPoll.general.toString('hex'));
    }
  });

  it('the lines are what an access line says: redacted, one JSON object', () => {
    const line = variedLines()[ODD.length * 5 - 5];
    const { direct } = both('log', line);
    const parsed = JSON.parse(direct.toString()) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      level: 'info',
      time: '2026-12-08T02:03:04.567Z',
      pid: process.pid,
      context: 'Http',
    });
    expect(parsed.path).toContain('apiKey=[REDACTED]');
    expect(direct.toString()).not.toContain('k-123456');
    expect(direct.toString()).not.toContain('has-the-substituted-secret-value');
  });

  it('writes nothing below its level and leaves pretty loggers to Nest', () => {
    const out = sink();
    const quiet = new HubLogger({ format: 'json', level: 'log', destination: out.stream });
    expect(quiet.writeAccessLine('debug', variedLines()[0], 'Http')).toBe(true);
    expect(out.bytes().length).toBe(0);
    const pretty = new HubLogger({ format: 'pretty', level: 'debug', colors: false });
    expect(pretty.writeAccessLine('log', variedLines()[0], 'Http')).toBe(false);
  });
});
