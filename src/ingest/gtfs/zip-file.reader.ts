import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ParseException } from '../../common/app-exception.js';

/** A file read through ranges, so yauzl can be told the zip ends before the file does. */
class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return createReadStream(this.file, { start, end: end - 1 });
  }
}

const OPTIONS = { lazyEntries: true, autoClose: true, validateEntrySizes: true } as const;

/**
 * Opens a zip for streamed reading; entries are inflated one at a time, the file is never loaded
 * whole. Some publishers' zips (Caltrain's among them) carry bytes after the end-of-central-
 * directory record; unzip and Java ignore them, yauzl refuses: those bytes are cut off here.
 */
export async function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(zipPath, OPTIONS);
  } catch (error) {
    const message = (error as Error).message;
    const trailing = /Invalid comment length\. Expected: (\d+)\. Found: (\d+)/.exec(message);
    if (trailing === null) throw new ParseException(`not a readable zip: ${message}`);
    return openWithout(zipPath, Number(trailing[1]) - Number(trailing[2]));
  }
}

async function openWithout(zipPath: string, trailingBytes: number): Promise<yauzl.ZipFile> {
  const size = statSync(zipPath).size;
  try {
    return await yauzl.fromRandomAccessReaderPromise(new FileRangeReader(zipPath), size - trailingBytes, OPTIONS);
  } catch (error) {
    throw new ParseException(`not a readable zip: ${(error as Error).message}`);
  }
}
