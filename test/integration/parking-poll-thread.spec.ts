import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PollTask } from '../../src/ingest/parking/poll-state-keeper.js';

/**
 * Large payloads are polled in one long-lived worker thread that keeps the sources' previous
 * states. A worker cannot load TypeScript, so this drives the built service in dist/ (npm test
 * builds first).
 */
describe('ParkingParserService.poll in the poll thread (built code)', () => {
  const url = pathToFileURL(path.join(process.cwd(), 'dist/ingest/parking/parking-parser.service.js')).href;
  type Service = typeof import('../../src/ingest/parking/parking-parser.service.js');
  const receivedAt = new Date('2026-01-15T08:00:00Z');
  const lots = (n: number, free: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => ({ id: `l${i}`, name: `Lot ${i}`, total: 500, free: free(i), state: 'open' }));
  const task = (free: (i: number) => number, revision: number, n = 300): PollTask => ({
    format: 'parkapi',
    bytes: Buffer.from(JSON.stringify({ last_updated: '2026-01-15T07:59:00', lots: lots(n, free) })),
    ctx: { sourceId: 'big', receivedAt, format: {} },
    frozenAfterMs: 3 * 3_600_000,
    revision,
  });

  async function service(setup: (s: InstanceType<Service['ParkingParserService']>) => void) {
    const { ParkingParserService } = (await import(url)) as Service;
    const s = new ParkingParserService();
    setup(s);
    return s;
  }

  it('keeps the previous states in the thread: asks once, then diffs against its committed write', async () => {
    const threaded = await service((s) => (s.offThreadBytes = 1));
    const inline = await service((s) => (s.offThreadBytes = Number.MAX_SAFE_INTEGER));
    try {
      for (const s of [threaded, inline]) {
        const asked = await s.poll(task(() => 10, 0));
        expect(asked.kind).toBe('needs-states');
        const ids = asked.kind === 'needs-states' ? asked.ids : [];
        expect(ids).toHaveLength(300);
        const first = await s.poll({ ...task(() => 10, 0), states: { revision: 0, ids, stored: ids.map(() => null) } });
        if (first.kind !== 'changes') throw new Error('expected changes');
        expect(first.changes).toHaveLength(300);
        s.commit(first.place, { sourceId: 'big', token: first.token, revision: 1 });
      }
      const a = await threaded.poll(task((i) => (i % 10 === 0 ? 11 : 10), 1));
      const b = await inline.poll(task((i) => (i % 10 === 0 ? 11 : 10), 1));
      expect(a.place).toBe('thread');
      expect(b.place).toBe('inline');
      if (a.kind !== 'changes' || b.kind !== 'changes') throw new Error('expected changes');
      expect(a.changes).toHaveLength(30);
      expect(a.changes).toEqual(b.changes);
      expect(a.history).toEqual(b.history);
      // A revision the thread's copy was not taken at: it asks again.
      expect((await threaded.poll(task(() => 10, 7))).kind).toBe('needs-states');
    } finally {
      await threaded.onApplicationShutdown();
      await inline.onApplicationShutdown();
    }
  });

  it('runs a poll that outgrows the capped thread heap again on a thread without the cap', async () => {
    const threaded = await service((s) => {
      s.offThreadBytes = 1;
      s.threadOldSpaceMb = 16;
    });
    try {
      const big = task(() => 10, 0, 200_000); // ~25 MB of JSON: far more than 16 MB of objects
      const asked = await threaded.poll(big);
      expect(asked.place).toBe('uncapped-thread');
      expect(asked.kind).toBe('needs-states');
    } finally {
      await threaded.onApplicationShutdown();
    }
  }, 60_000);
});
