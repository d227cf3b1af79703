import { SnapshotCoalescer, snapshotKey } from './snapshot-coalescer.js';
import type { SubscriptionSpec } from './subscription-spec.js';

const spec = (overrides: Partial<SubscriptionSpec> = {}): SubscriptionSpec => ({
  parkings: ['a', 'b'],
  allParkings: false,
  stops: [],
  routes: [],
  alerts: false,
  sources: false,
  since: undefined,
  ...overrides,
});

describe('SnapshotCoalescer', () => {
  it('runs one read for identical subscribes at the same position, and shares its result', async () => {
    const coalescer = new SnapshotCoalescer<string>();
    let reads = 0;
    const read = () => Promise.resolve(`snapshot ${++reads}`);
    const answers = await Promise.all([
      coalescer.read('1-0', spec(), read),
      coalescer.read('1-0', spec({ parkings: ['b', 'a'], since: null }), read),
      coalescer.read('1-0', spec(), read),
    ]);
    expect(answers).toEqual(['snapshot 1', 'snapshot 1', 'snapshot 1']);
    expect(coalescer.pending).toBe(0);
  });

  it('reads again at another position, for other filters, and once the read is done', async () => {
    const coalescer = new SnapshotCoalescer<number>();
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    const together = await Promise.all([
      coalescer.read('1-0', spec(), read),
      coalescer.read('1-1', spec(), read),
      coalescer.read('1-0', spec({ parkings: ['a'] }), read),
    ]);
    expect(together).toEqual([1, 2, 3]);
    expect(await coalescer.read('1-0', spec(), read)).toBe(4);
  });

  it('a failed read fails its joiners and is not kept', async () => {
    const coalescer = new SnapshotCoalescer<number>();
    const failing = () => Promise.reject(new Error('Command timed out'));
    const both = [coalescer.read('1-0', spec(), failing), coalescer.read('1-0', spec(), () => Promise.resolve(1))];
    await expect(both[0]).rejects.toThrow('Command timed out');
    await expect(both[1]).rejects.toThrow('Command timed out');
    expect(await coalescer.read('1-0', spec(), () => Promise.resolve(2))).toBe(2);
  });

  it('keys areas by their request', () => {
    const near = (radius: number) =>
      spec({ area: { request: { near: { lat: 46.58, lon: 0.34 }, radius }, shape: undefined as never } });
    expect(snapshotKey(near(800))).toBe(snapshotKey(near(800)));
    expect(snapshotKey(near(800))).not.toBe(snapshotKey(near(801)));
    expect(snapshotKey(spec({ parkings: [], allParkings: true }))).not.toBe(snapshotKey(spec({ parkings: [] })));
  });
});
