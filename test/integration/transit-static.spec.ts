import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import yazl from 'yazl';
import type { ImportProgress } from '../../src/ops/source-health.model.js';
import { SourceHealthRecorder } from '../../src/ops/source-health.recorder.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { openZip } from '../../src/ingest/gtfs/zip-file.reader.js';
import { contentHash, GtfsStaticPollService } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import type { GtfsSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { TIMETABLE, type TimetablePort } from '../../src/transit/ports/timetable.port.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'gtfs-static-'));
const staging = path.join(tmp, 'gtfs-staging');

/** Files of one source in the staging folder (downloads in progress, zips waiting for import). */
const stagedFiles = (sourceId: string): string[] =>
  existsSync(staging) ? readdirSync(staging).filter((f) => f.startsWith(`${sourceId}-`)) : [];

/** Serves the Caltrain zip over http with an ETag, ignoring If-None-Match (so the hash check is what stops a re-import). */
async function serveCaltrain(): Promise<{ server: Server; url: string }> {
  const zip = readFileSync(fixture('gtfs/caltrain-gtfs.zip'));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/zip', ETag: '"caltrain-1"' });
    res.end(zip);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gtfs.zip` };
}

/** Two http sources of the same zip: one with the default cap, one capped below the zip's size. */
const httpSources = (url: string): string => `
  - { id: caltrain-http, kind: gtfs, url: "${url}", interval: 24h, enabled: false, allowPrivateNetwork: true }
  - { id: caltrain-capped, kind: gtfs, url: "${url}", interval: 24h, enabled: false, allowPrivateNetwork: true, maxBytes: 100KB }`;

/** The real Caltrain zip with one file replaced (to plant bad rows at known lines). */
async function caltrainWith(file: string, edit: (text: string) => string): Promise<string> {
  const zip = await openZip(fixture('gtfs/caltrain-gtfs.zip'));
  const out = new yazl.ZipFile();
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    out.addBuffer(Buffer.from(entry.fileName === file ? edit(text) : text), entry.fileName);
  }
  const target = path.join(tmp, `edited-${file}.zip`);
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer);
  writeFileSync(target, Buffer.concat(chunks));
  return target;
}

describe('GTFS static import on real Postgres', () => {
  const iso = isolation('gtfs_static');
  let hub: RunningHub;
  let imports: GtfsImportService;
  let timetable: TimetablePort;
  let http: { server: Server; url: string };

  beforeAll(async () => {
    http = await serveCaltrain();
    const sources = writeSources(transitSources(httpSources(http.url)));
    hub = await startHub(testConfig(iso, { sourcesPath: sources, dataDir: tmp }));
    imports = hub.app.get(GtfsImportService);
    timetable = hub.app.get(TIMETABLE);
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => http.server.close(resolve));
    await hub.close();
    await iso.cleanup();
  });

  it('imports the Caltrain zip into a new current version with exact row counts', async () => {
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    const report = await imports.importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    expect(report.rows).toEqual({
      'agency.txt': 1,
      'stops.txt': 109,
      'routes.txt': 9,
      'trips.txt': 176,
      'stop_times.txt': 3498,
      'calendar.txt': 2,
      'calendar_dates.txt': 20,
      'shapes.txt': 12027,
    });
    expect(report.badRows).toEqual({});
    expect(report.timezone).toBe('America/Los_Angeles');
    const version = await timetable.currentVersion('caltrain');
    expect(version?.versionId).toBe(report.versionId);
    const stop = await timetable.stop(version!, '70172');
    expect(stop).toMatchObject({
      id: 'caltrain:70172',
      name: 'Palo Alto Caltrain Station',
      parentStation: 'caltrain:palo_alto',
    });
    expect((await timetable.stopFamily(version!, 'palo_alto')).sort()).toEqual(['70171', '70172', 'palo_alto']);
  });

  it('a broken zip is rejected with a clear error and the previous version stays current', async () => {
    const before = await timetable.currentVersion('caltrain');
    const broken = path.join(tmp, 'truncated.zip');
    writeFileSync(broken, readFileSync(fixture('gtfs/caltrain-gtfs.zip')).subarray(0, 100_000));
    await expect(imports.importFile('caltrain', broken, { contentHash: 'broken' })).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/not a readable zip/) as unknown,
    });
    expect((await timetable.currentVersion('caltrain'))?.versionId).toBe(before?.versionId);
  });

  it('counts bad rows with file and line, and still imports the good ones', async () => {
    const zip = await caltrainWith('stop_times.txt', (text) => {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(eol);
      lines.splice(3, 0, '501,25:61:00,5:20:00,70261,3,,0,0,0,1'); // line 4: bad minutes
      lines.splice(6, 0, ',5:30:00,5:30:00,70251,4,,0,0,0,1'); // line 7: no trip_id
      return lines.join(eol);
    });
    const report = await imports.importFile('caltrain', zip, { contentHash: 'planted' });
    expect(report.rows['stop_times.txt']).toBe(3498);
    expect(report.badRows).toEqual({
      'stop_times.txt': {
        count: 2,
        samples: [
          { line: 4, reason: 'arrival_time: not a GTFS time: "25:61:00"' },
          { line: 7, reason: 'trip_id is empty' },
        ],
      },
    });
    const version = await timetable.currentVersion('caltrain');
    expect(version?.versionId).toBe(report.versionId);
    expect(version?.badRows['stop_times.txt']?.count).toBe(2);
  });

  it('says in words which rows were skipped and which header names are no GTFS columns (issue #13)', async () => {
    const withBadRows = await caltrainWith('stop_times.txt', (text) => {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(eol);
      lines.splice(3, 0, '501,25:61:00,5:20:00,70261,3,,0,0,0,1'); // line 4: bad minutes
      return lines.join(eol);
    });
    // The same zip with two header names added to stops.txt: a typo of stop_desc and an extension.
    const zip = path.join(tmp, 'odd-columns.zip');
    {
      const source = await openZip(withBadRows);
      const out = new yazl.ZipFile();
      for await (const entry of source.eachEntry()) {
        const stream = await source.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        let text = Buffer.concat(chunks).toString('utf8');
        if (entry.fileName === 'stops.txt') {
          const eol = text.includes('\r\n') ? '\r\n' : '\n';
          text = text
            .split(eol)
            .map((line, i) => (line === '' ? line : i === 0 ? `${line},stop_desk,x_operator_code` : `${line},,`))
            .join(eol);
        }
        out.addBuffer(Buffer.from(text), entry.fileName);
      }
      out.end();
      const written: Buffer[] = [];
      for await (const chunk of out.outputStream) written.push(chunk as Buffer);
      writeFileSync(zip, Buffer.concat(written));
    }
    const report = await imports.importFile('caltrain', zip, { contentHash: 'odd-columns' });
    expect(report.rows['stops.txt']).toBe(109);
    expect(report.unknownColumns).toEqual({ 'stops.txt': ['stop_desk', 'x_operator_code'] });
    const byCode = new Map((report.warnings ?? []).map((w) => [w.code, w]));
    expect(byCode.get('GTFS_ROWS_SKIPPED')).toEqual({
      code: 'GTFS_ROWS_SKIPPED',
      message: '1 row(s) of stop_times.txt skipped: stop_times.txt:4 arrival_time: not a GTFS time: "25:61:00"',
      ref: 'stop_times.txt:4',
    });
    expect(byCode.get('GTFS_UNKNOWN_COLUMNS')).toEqual({
      code: 'GTFS_UNKNOWN_COLUMNS',
      message: 'stops.txt: "stop_desk" (did you mean "stop_desc"?), "x_operator_code" are no GTFS columns, not read',
      ref: 'stops.txt',
    });
  });

  it('tells its progress while it runs: a log line per file, `importing` in the source health (issue #13)', async () => {
    const recorder = hub.app.get(SourceHealthRecorder);
    const source = hub.app.get(SourceRegistry).get('caltrain') as GtfsSourceConfig;
    // The source has a health record, as one that polled has (this test's sources are disabled).
    await recorder.record(source, { at: new Date().toISOString(), outcome: 'unchanged', latencyMs: 1, bytes: 0 });
    const original = SourceHealthRecorder.prototype.importProgress;
    const seen: Array<ImportProgress | undefined> = [];
    let midway: { importing?: ImportProgress } | undefined;
    const progress = jest.spyOn(SourceHealthRecorder.prototype, 'importProgress').mockImplementation(async function (
      this: SourceHealthRecorder,
      id,
      p,
    ) {
      await original.call(this, id, p);
      seen.push(p);
      // The import waits for its progress at file boundaries: what a caller sees mid-import.
      if (midway === undefined && p?.filesDone === 2 && p.file === null) midway = await health();
    });
    const lines = jest.spyOn(Logger.prototype, 'log');
    const health = async (): Promise<{ importing?: ImportProgress }> =>
      (await (await fetch(`${hub.url}/v1/sources/caltrain`)).json()) as { importing?: ImportProgress };
    try {
      const zip = fixture('gtfs/caltrain-gtfs.zip');
      const report = await imports.importFile('caltrain', zip, { contentHash: 'progress' });
      const files = Object.keys(report.rows).length;
      expect(midway?.importing).toMatchObject({ file: null, filesDone: 2 });
      expect(midway?.importing?.rows).toBeGreaterThan(0);
      // Each file announced, then done; files done counts up to every file; rows only grow; then cleared.
      const done = seen.filter((p) => p !== undefined && p.file === null).map((p) => p?.filesDone);
      expect(done).toEqual(Array.from({ length: files }, (_, i) => i + 1));
      const rows = seen.filter((p) => p !== undefined).map((p) => p?.rows ?? 0);
      expect(rows).toEqual([...rows].sort((a, b) => a - b));
      expect(rows[rows.length - 1]).toBe(Object.values(report.rows).reduce((a, b) => a + b, 0));
      expect(seen[seen.length - 1]).toBeUndefined();
      expect((await health()).importing).toBeUndefined();
      const logged = lines.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('caltrain: import: '));
      expect(logged).toHaveLength(files + (files - 1));
      expect(logged[logged.length - 1]).toMatch(
        new RegExp(`^caltrain: import: ${files} file\\(s\\) done, \\d+ rows so far`),
      );
    } finally {
      progress.mockRestore();
      lines.mockRestore();
    }
  });

  it('the poll stages a new zip for the import queue; the same zip again is not re-imported', async () => {
    const registry = hub.app.get(SourceRegistry);
    const source = registry.get('bart') as GtfsSourceConfig;
    const poller = hub.app.get(GtfsStaticPollService);
    const first = await poller.poll(source, new Date());
    expect(first).toMatchObject({ outcome: 'changed', bytes: 427_758 });
    const version = await waitFor(() => timetable.currentVersion('bart'), 30_000, 200);
    expect(version.rowCounts).toMatchObject({
      'stops.txt': 48,
      'trips.txt': 2641,
      'stop_times.txt': 32185,
      'shapes.txt': 34578,
    });
    expect(version.timezone).toBe('America/Los_Angeles');
    const second = await poller.poll(source, new Date());
    // The local file answers 304 by its mtime; over http a 200 with the same bytes is caught by the hash.
    expect(['unchanged', 'not-modified']).toContain(second.outcome);
    expect((await timetable.currentVersion('bart'))?.versionId).toBe(version.versionId);
  });

  it('over http the zip is streamed to the staging folder; the same bytes again leave nothing staged', async () => {
    const source = hub.app.get(SourceRegistry).get('caltrain-http') as GtfsSourceConfig;
    const poller = hub.app.get(GtfsStaticPollService);
    const size = readFileSync(fixture('gtfs/caltrain-gtfs.zip')).length;
    expect(await poller.poll(source, new Date())).toMatchObject({ outcome: 'changed', bytes: size });
    const version = await waitFor(() => timetable.currentVersion('caltrain-http'), 30_000, 200);
    expect(version.rowCounts['stop_times.txt']).toBe(3498);
    await waitFor(async () => stagedFiles('caltrain-http').length === 0 || undefined, 10_000, 100);
    expect(await poller.poll(source, new Date())).toMatchObject({ outcome: 'unchanged', bytes: size });
    expect(stagedFiles('caltrain-http')).toEqual([]);
    expect((await timetable.currentVersion('caltrain-http'))?.versionId).toBe(version.versionId);
  });

  it('a zip larger than maxBytes is refused: no staging file, the previous version stays live', async () => {
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    const previous = await imports.importFile('caltrain-capped', zip, { contentHash: 'an earlier zip' });
    const source = hub.app.get(SourceRegistry).get('caltrain-capped') as GtfsSourceConfig;
    await expect(hub.app.get(GtfsStaticPollService).poll(source, new Date())).rejects.toMatchObject({
      code: 'FETCH_TOO_LARGE',
    });
    expect(stagedFiles('caltrain-capped')).toEqual([]);
    expect((await timetable.currentVersion('caltrain-capped'))?.versionId).toBe(previous.versionId);
  });

  it('times past 24:00 and calendar exceptions are kept', async () => {
    const copy = path.join(tmp, 'usf.zip');
    copyFileSync(fixture('gtfs/usf-bullrunner-gtfs.zip'), copy);
    const report = await imports.importFile('usf', copy, { contentHash: 'usf' });
    expect(report.rows).toMatchObject({ 'agency.txt': 1, 'stops.txt': 125, 'stop_times.txt': 473 });
    const bart = await timetable.currentVersion('bart');
    const calendar = await timetable.calendar(bart!);
    // Presidents' Day 2019 (Monday 18 Feb): Saturday service instead of weekday service.
    expect([...calendar.activeServices('20190218')].sort()).toEqual(['SAT']);
    expect([...calendar.activeServices('20190219')].sort()).toEqual(['WKDY']);
    expect(bart!.maxTime).toBeGreaterThan(24 * 3600);
  });
});
