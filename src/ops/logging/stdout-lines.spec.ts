import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileLines } from './stdout-lines.js';

describe('fileLines (the JSON logger destination)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lines-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line, in order and byte for byte (non-ASCII included), batched while a write is under way', async () => {
    const file = path.join(dir, 'out.log');
    const fd = openSync(file, 'w');
    const sink = fileLines(fd);
    const lines = Array.from(
      { length: 3_000 },
      (_, i) => `{"n":${i},"name":"Parkhaus Müllerstraße ${'é'.repeat(i % 7)} 🚗"}\n`,
    );
    for (const line of lines) sink.write(line);
    const expected = lines.join('');
    // Written asynchronously: wait (bounded) until the file holds as many bytes as were written.
    const deadline = Date.now() + 5_000;
    while (statSync(file).size < Buffer.byteLength(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
