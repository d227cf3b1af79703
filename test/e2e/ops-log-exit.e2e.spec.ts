import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const LINES = 5_000;

/**
 * The JSON logger (dist/, as the hub runs it) writes to stdout asynchronously; lines logged just
 * before process.exit (a failed boot, the end of a shutdown) must all be there, in order, byte for byte.
 */
describe('JSON logs at process exit', () => {
  it('every line logged right before process.exit reaches stdout, non-ASCII intact', () => {
    const logger = pathToFileURL(path.join(process.cwd(), 'dist/ops/logging/hub-logger.js')).href;
    const script = `
      const { HubLogger } = await import(${JSON.stringify(logger)});
      const log = new HubLogger({ format: 'json', level: 'log' });
      for (let i = 0; i < ${LINES}; i += 1) log.log({ message: 'line ' + i + ' Müllerstraße 🚗', n: i }, 'Exit');
      process.exit(0);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      timeout: 20_000,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(LINES);
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; n: number; context: string; level: string });
    parsed.forEach((line, i) => {
      expect(line).toMatchObject({ level: 'info', context: 'Exit', n: i, msg: `line ${i} Müllerstraße 🚗` });
    });
  });
});
