import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { types } from 'node:util';

/**
 * Large payloads are parsed on a worker thread. That path needs compiled JavaScript (a worker
 * cannot load TypeScript), so this test drives the built service in dist/ (npm test builds first).
 */
describe('ParkingParserService off the event loop (built code)', () => {
  const url = pathToFileURL(path.join(process.cwd(), 'dist/ingest/parking/parking-parser.service.js')).href;
  const ctx = { sourceId: 'big', receivedAt: new Date('2026-01-01T00:00:00Z'), format: {} };

  it('parses a large DATEX II payload in a worker thread with the same result as inline', async () => {
    const { ParkingParserService } = (await import(
      url
    )) as typeof import('../../src/ingest/parking/parking-parser.service.js');
    const xml = readFileSync('test/fixtures/datex2/stuttgart-parkingfacilitytablestatus-v2.xml');
    const threaded = new ParkingParserService();
    threaded.offThreadBytes = 1; // force the worker path for this 35 KB file
    const inline = new ParkingParserService();
    inline.offThreadBytes = Number.MAX_SAFE_INTEGER;
    try {
      const a = await threaded.parse('datex2', xml, ctx);
      const b = await inline.parse('datex2', xml, ctx);
      expect(a.observations).toHaveLength(49);
      expect(a).toEqual(b);
      // A Date from the worker (another realm than jest's VM): check the type, not the constructor.
      expect(types.isDate(a.observations[0].observedAt)).toBe(true);
    } finally {
      await threaded.onApplicationShutdown();
    }
  });

  it('turns a parse failure in the worker into a coded PARSE_ERROR', async () => {
    const { ParkingParserService } = (await import(
      url
    )) as typeof import('../../src/ingest/parking/parking-parser.service.js');
    const threaded = new ParkingParserService();
    threaded.offThreadBytes = 1;
    try {
      await expect(threaded.parse('datex2', Buffer.from('<d2:broken'), ctx)).rejects.toMatchObject({
        code: 'PARSE_ERROR',
      });
    } finally {
      await threaded.onApplicationShutdown();
    }
  });
});
