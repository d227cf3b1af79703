import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GtfsStaticPollService } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { claimStaged, partFileName, stagedZipName } from '../../src/ingest/gtfs/gtfs-staging.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';

const HASH_A = 'AAAAAAAAAAAAAAAA-first-zip';
const HASH_B = 'B-BBBBBBBBBBBBBB_second-zip';

/** A process that runs until killed: its pid stands for a worker downloading into the folder. */
function sleeper(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
}

async function killed(child: ChildProcess): Promise<number> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return child.pid as number;
}

describe('GTFS staging folder: cleaned at start, one zip waiting per source', () => {
  const iso = isolation('gtfs_staging');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gtfs-staging-'));
  const staging = path.join(dataDir, 'gtfs-staging');
  const sources = `sources:
  - { id: caltrain, kind: gtfs, url: "http://127.0.0.1:9/gtfs.zip", interval: 24h, enabled: false, allowPrivateNetwork: true }
`;
  let hub: RunningHub | undefined;
  let live: ChildProcess;

  beforeAll(() => {
    live = sleeper();
  });

  afterAll(async () => {
    await hub?.close();
    live.kill('SIGKILL');
    await iso.cleanup();
  });

  const files = (): string[] => readdirSync(staging).sort();

  it('at start removes the downloads and imports of dead processes and zips no source will import', async () => {
    mkdirSync(staging, { recursive: true });
    const deadPid = await killed(sleeper());
    const leftovers = {
      deadDownload: partFileName('caltrain', deadPid), // the process died mid-download
      oldFormatDownload: 'caltrain-0b6f1c2e-7c1f-4d8e-9d53-2f6a1c0e9b11.part',
      deadImport: `${stagedZipName('caltrain', HASH_A).replace(/\.zip$/, '')}.${deadPid}.importing`,
      unconfigured: stagedZipName('gone', HASH_A),
    };
    const kept = {
      liveDownload: partFileName('caltrain', live.pid as number), // another worker, still downloading
      waiting: stagedZipName('caltrain', HASH_B), // its import job is queued
    };
    for (const name of [...Object.values(leftovers), ...Object.values(kept)]) {
      writeFileSync(path.join(staging, name), 'x'.repeat(1_000));
    }

    hub = await startHub(testConfig(iso, { role: 'worker', dataDir, sourcesPath: writeSources(sources) }));
    expect(files()).toEqual(Object.values(kept).sort());
  });

  it('staging a newer zip of a source removes the one still waiting, never one being imported', async () => {
    const poller = (hub as RunningHub).app.get(GtfsStaticPollService);
    const download = (hash: string) => {
      const file = path.join(staging, partFileName('caltrain'));
      writeFileSync(file, hash);
      return { path: file, bytes: hash.length, sha256: hash };
    };
    const [liveDownload] = files().filter((f) => f.endsWith('.part'));
    const importing = await claimStaged(path.join(staging, stagedZipName('caltrain', HASH_B)));
    expect(importing).toBeDefined();

    const first = await poller.stage('caltrain', download(HASH_A));
    expect(files()).toEqual([liveDownload, path.basename(first), path.basename(importing as string)].sort());
    const second = await poller.stage('caltrain', download('C'.repeat(16)));
    expect(files()).toEqual([liveDownload, path.basename(second), path.basename(importing as string)].sort());
  });
});
