import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAppConfig } from './app-config.js';
import { SourceRegistry } from './source-registry.service.js';

const source = (id: string): string =>
  `  - { id: ${id}, kind: gtfs, url: "https://x.example/${id}.zip", interval: 1h }\n`;

describe('SourceRegistry', () => {
  let file: string;
  let errors: string[];

  beforeEach(() => {
    file = path.join(mkdtempSync(path.join(tmpdir(), 'hub-sources-')), 'sources.yaml');
    errors = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  const registry = (): SourceRegistry => new SourceRegistry(loadAppConfig({ HUB_SOURCES: file }), {});

  it('a reload of a file that went missing keeps the previous sources and logs the error once', async () => {
    writeFileSync(file, `sources:\n${source('a')}${source('b')}`);
    const reg = registry();
    const seen: string[][] = [];
    reg.onChange(async (sources) => void seen.push(sources.map((s) => s.id)));
    rmSync(file);
    const result = await reg.reload();
    expect(result.sources).toEqual(['a', 'b']);
    expect(reg.all().map((s) => s.id)).toEqual(['a', 'b']);
    expect(seen).toEqual([['a', 'b']]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(file);
    expect(errors[0]).toMatch(/keeping 2 source/);
    expect(result.errors).toEqual([expect.objectContaining({ sourceId: '(file)' })]);
  });

  it('a reload of a file that is no longer YAML keeps the previous sources', async () => {
    writeFileSync(file, `sources:\n${source('a')}`);
    const reg = registry();
    writeFileSync(file, 'sources: [\n');
    await reg.reload();
    expect(reg.all().map((s) => s.id)).toEqual(['a']);
    writeFileSync(file, `sources:\n${source('c')}`);
    const fixed = await reg.reload();
    expect(fixed).toEqual({ sources: ['c'], errors: [] });
  });

  it('logs a bad source once, with every bad field', () => {
    writeFileSync(file, 'sources:\n  - { id: Bad_Id, kind: gtfs, url: "ftp://x/a", interval: often }\n');
    registry();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^source Bad_Id skipped: id: .*; interval: .*; url: /);
  });
});
