import { writeFileSync } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { openZip } from '../../src/ingest/gtfs/zip-file.reader.js';

/** Reading, editing and writing GTFS feeds for the transit integration tests that import a fixture with edits. */

export type Row = Record<string, string>;

/** The text of every file of a GTFS zip, by its base name. */
export async function readZip(file: string): Promise<Map<string, string>> {
  const zip = await openZip(file);
  const out = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    out.set(path.posix.basename(entry.fileName), Buffer.concat(chunks).toString('utf8'));
  }
  return out;
}

/** Writes the files as a zip named `name` in `dir`; returns its path. */
export async function writeZip(files: Map<string, string>, dir: string, name: string): Promise<string> {
  const out = new yazl.ZipFile();
  for (const [file, text] of files) out.addBuffer(Buffer.from(text), file);
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer);
  const target = path.join(dir, name);
  writeFileSync(target, Buffer.concat(chunks));
  return target;
}

/** A small CSV reading for files with no quoted fields (the callers check theirs): BOM dropped, header names and cells trimmed. */
export function csv(text: string): Row[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
  });
}
