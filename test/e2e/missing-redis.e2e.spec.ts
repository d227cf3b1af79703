import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';
import { spawnHub } from '../support/hub-process.js';

describe('the hub without Redis', () => {
  it('exits non-zero with one line saying how to get Redis when none answers and no redis-server is on PATH', async () => {
    const port = await freePort();
    const hub = spawnHub({
      PATH: mkdtempSync(path.join(tmpdir(), 'empty-path-')),
      HUB_LOCAL_REDIS: `127.0.0.1:${port}`,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
    });
    const code = await hub.exited;
    expect(code).not.toBe(0);
    const lines = hub.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis-server/i);
    expect(lines[0]).toMatch(/REDIS_URL/);
  });
});
