import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import pg from 'pg';
import { AppException } from '../../src/common/app-exception.js';
import { DatabaseService } from '../../src/infra/database/database.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { DeparturesService } from '../../src/transit/departures.service.js';
import { TIMETABLE, type TimetablePort } from '../../src/transit/ports/timetable.port.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

/** Departures at any stop (issue #18): what a version never changes is read from Postgres once per version. */
describe('timetable reads held per version', () => {
  const iso = isolation('transit_held_reads');
  let hub: RunningHub;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'transit-held-'));
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources()), dataDir }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it("every stop's family is read in one query per version, and the same answer comes back (a copy each time)", async () => {
    const timetable = hub.app.get<TimetablePort>(TIMETABLE);
    const version = await timetable.currentVersion('caltrain');
    if (version === undefined) throw new Error('caltrain not imported');
    const ds = await hub.app.get(DatabaseService).dataSource();
    const queries = jest.spyOn(ds, 'query');
    try {
      const first = await timetable.stopFamily(version, 'palo_alto');
      const afterFirst = queries.mock.calls.length;
      first.push('mutated by a caller');
      const second = await timetable.stopFamily(version, 'palo_alto');
      const none = await timetable.stopFamily(version, 'no-such-stop');
      const noneAgain = await timetable.stopFamily(version, 'no-such-stop');
      expect(second.sort()).toEqual(['70171', '70172', 'palo_alto']);
      expect([none, noneAgain]).toEqual([[], []]);
      expect(afterFirst).toBe(1);
      // Every stop's family was read with the first: palo_alto again and no-such-stop ask nothing more.
      expect(queries.mock.calls.length).toBe(1);
      // Another version (a re-import) is another set of facts: asked again.
      const other = { ...version, versionId: version.versionId + 1_000 };
      await timetable.stopFamily(other, 'palo_alto');
      expect(queries.mock.calls.length).toBe(2);
    } finally {
      queries.mockRestore();
    }
  });

  it('departures at a known stop: one Postgres round trip (the calls, checked against the current version); a switch is seen at once', async () => {
    const departures = hub.app.get(DeparturesService);
    const window = { at: new Date('2023-11-08T01:05:34Z'), windowS: 5_400, limit: 5 };
    const first = await departures.forStopWithHint('caltrain:santa_clara', window);
    expect(first.departures.length).toBeGreaterThan(0);
    // Every statement sent to Postgres, by TypeORM or not, goes through pg's Client#query.
    const statements = jest.spyOn(pg.Client.prototype, 'query');
    try {
      const again = await departures.forStopWithHint('caltrain:santa_clara', window);
      expect(again).toEqual(first);
      expect(statements.mock.calls.length).toBe(1);
    } finally {
      statements.mockRestore();
    }
    // Another feed imported as "caltrain": its version is current at once, and santa_clara is no stop of it.
    const bart = fixture('gtfs/bart-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', bart, { contentHash: contentHash(readFileSync(bart)) });
    const after = await departures.forStopWithHint('caltrain:santa_clara', window).then(
      () => 'answered',
      (error: unknown) => (error instanceof AppException ? error.code : String(error)),
    );
    expect(after).toBe('NOT_FOUND');
  }, 60_000);
});
