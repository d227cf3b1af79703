import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import path from 'node:path';
import type yauzl from 'yauzl';
import { AppException, ParseException } from '../../common/app-exception.js';
import { isTimeZone } from '../../transit/service-time.js';
import { copyColumnsOf, fileSpec, GTFS_FILES, type GtfsFileSpec } from './gtfs-files.js';
import { emptyOutcome, GtfsCopyStream, type FileOutcome } from './gtfs-csv.stream.js';
import type { FeedVersionWriter, GtfsFeedStorePort, ImportReport, VersionMeta } from './gtfs-import.types.js';
import { openZip } from './zip-file.reader.js';

/** The entry's GTFS file name: top level, or one folder deep (some zips wrap the feed in a folder). */
function gtfsName(fileName: string): string | undefined {
  if (fileName.endsWith('/') || fileName.startsWith('__MACOSX')) return undefined;
  const parts = fileName.split('/');
  if (parts.length > 2) return undefined;
  return path.posix.basename(fileName);
}

/** Inflates with 256 KB chunks: yauzl's default 16 KB means ten thousand thread-pool round trips for a large stop_times.txt. */
async function inflated(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  if (entry.compressionMethod !== 8) return zip.openReadStreamPromise(entry);
  const raw = await zip.openReadStreamPromise(entry, { decompress: false });
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  raw.on('error', (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}

/** Where a running import is: the file being read (null between files), files done, rows so far. */
export interface LoadProgress {
  file: string | null;
  filesDone: number;
  rows: number;
}

/** Told at each file's start and end (awaited), and every PROGRESS_EVERY_MS inside a long file. */
export type ProgressListener = (progress: LoadProgress) => Promise<void> | void;

const PROGRESS_EVERY_MS = 5_000;

/**
 * Streams a GTFS zip into a new feed version: each wanted entry is inflated, CSV-parsed and
 * COPYed chunk by chunk (nothing larger than a chunk is held), then the version is checked and
 * switched to. Any failure leaves the previous version current.
 */
export class GtfsZipLoader {
  constructor(private readonly store: GtfsFeedStorePort) {}

  async importZip(
    sourceId: string,
    zipPath: string,
    meta: VersionMeta,
    progress?: ProgressListener,
  ): Promise<ImportReport> {
    const started = Date.now();
    const zip = await openZip(zipPath);
    const writer = await this.store.begin(sourceId, meta);
    try {
      const outcomes = await this.loadEntries(zip, writer, progress);
      const report = summarize(outcomes);
      const committed = await writer.commit(report);
      return { ...report, ...committed, versionId: writer.versionId, durationMs: Date.now() - started };
    } catch (error) {
      zip.close();
      await writer.abort((error as Error).message).catch(() => undefined);
      if (error instanceof AppException) throw error;
      throw new ParseException(`GTFS import failed: ${(error as Error).message}`);
    }
  }

  private async loadEntries(
    zip: yauzl.ZipFile,
    writer: FeedVersionWriter,
    progress?: ProgressListener,
  ): Promise<Map<string, FileOutcome>> {
    const outcomes = new Map<string, FileOutcome>();
    let rowsDone = 0;
    for await (const entry of zip.eachEntry()) {
      const name = gtfsName(entry.fileName);
      const spec = name === undefined ? undefined : fileSpec(name);
      if (spec === undefined || outcomes.has(spec.file)) continue;
      await progress?.({ file: spec.file, filesDone: outcomes.size, rows: rowsDone });
      const outcome = emptyOutcome();
      // Inside a long file (a national stop_times.txt takes minutes): its rows so far, now and then.
      const timer =
        progress === undefined
          ? undefined
          : setInterval(() => {
              void progress({ file: spec.file, filesDone: outcomes.size, rows: rowsDone + outcome.accepted });
            }, PROGRESS_EVERY_MS);
      try {
        outcomes.set(spec.file, await this.loadFile(zip, entry, spec, writer, outcome));
      } finally {
        clearInterval(timer);
      }
      rowsDone += outcome.accepted;
      await progress?.({ file: null, filesDone: outcomes.size, rows: rowsDone });
    }
    return outcomes;
  }

  private async loadFile(
    zip: yauzl.ZipFile,
    entry: yauzl.Entry,
    spec: GtfsFileSpec,
    writer: FeedVersionWriter,
    outcome: FileOutcome,
  ): Promise<FileOutcome> {
    const input = await inflated(zip, entry);
    const copy = writer.copy(spec.table, copyColumnsOf(spec));
    try {
      await pipeline(input, new GtfsCopyStream(spec, outcome), copy.stream);
      await copy.done;
    } catch (error) {
      if (error instanceof AppException) throw error;
      throw new ParseException(`${spec.file}: ${(error as Error).message}`);
    }
    const missing = outcome.converter?.missingRequired ?? [];
    if (missing.length > 0 && outcome.accepted === 0 && outcome.bad.count > 0) {
      outcome.bad.samples.unshift({ line: 1, reason: `missing required column(s): ${missing.join(', ')}` });
    }
    return outcome;
  }
}

function summarize(outcomes: Map<string, FileOutcome>): Omit<ImportReport, 'versionId' | 'durationMs'> {
  for (const spec of GTFS_FILES) {
    const o = outcomes.get(spec.file);
    if (spec.required && (o === undefined || o.accepted === 0)) {
      const why = o === undefined ? 'missing' : `has no valid row (${describeBad(spec.file, o)})`;
      throw new ParseException(`GTFS feed rejected: ${spec.file} ${why}`);
    }
  }
  if (!outcomes.has('calendar.txt') && !outcomes.has('calendar_dates.txt')) {
    throw new ParseException('GTFS feed rejected: neither calendar.txt nor calendar_dates.txt');
  }
  const agency = outcomes.get('agency.txt') as FileOutcome;
  const timezone = agency.firstCells[0][3] as string;
  if (!isTimeZone(timezone)) throw new ParseException(`GTFS feed rejected: unknown agency_timezone "${timezone}"`);
  const rows: Record<string, number> = {};
  const badRows: ImportReport['badRows'] = {};
  const unknownColumns: ImportReport['unknownColumns'] = {};
  for (const [file, o] of outcomes) {
    rows[file] = o.accepted;
    if (o.bad.count > 0) badRows[file] = o.bad;
    if ((o.converter?.unknownColumns.length ?? 0) > 0) unknownColumns[file] = o.converter?.unknownColumns ?? [];
  }
  const stopTimes = outcomes.get('stop_times.txt') as FileOutcome;
  // A frequency-based trip can start as late as its end_time and last as long as any trip: a bound, not exact.
  const frequencyEnd = outcomes.get('frequencies.txt')?.maxTime ?? 0;
  const maxTime = stopTimes.maxTime + frequencyEnd;
  return { rows, badRows, unknownColumns, timezone, maxTime, blankStopTimes: stopTimes.blankTimes };
}

function describeBad(file: string, o: FileOutcome): string {
  const first = o.bad.samples[0];
  return first === undefined ? 'empty' : `${o.bad.count} bad, first ${file}:${first.line} ${first.reason}`;
}
