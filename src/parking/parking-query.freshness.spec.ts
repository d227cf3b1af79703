import type { SourceConfig } from '../config/source-config.js';
import type { SourceRegistry } from '../config/source-registry.service.js';
import { initialHealth, type SourceHealth } from '../ops/source-health.model.js';
import type { SourceHealthStorePort } from '../ops/source-health.port.js';
import type { Parking } from './parking.model.js';
import { ParkingQueryService } from './parking-query.service.js';
import type { ParkingLiveStatePort } from './ports/parking-live-state.port.js';
import type { StoredParking } from './stored-parking.js';

const NOW = new Date('2026-11-28T12:00:00Z');

const source = (patch: Partial<SourceConfig> = {}): SourceConfig =>
  ({
    id: 's',
    kind: 'parking',
    format: 'parkapi',
    intervalMs: 60_000,
    enabled: true,
    staleAfterMs: 180_000,
    ...patch,
  }) as SourceConfig;

/** The feed itself polls fine: its last successful poll was 10 s ago. */
const healthyFeed = (config: SourceConfig): SourceHealth => ({
  ...initialHealth(config),
  status: 'ok',
  lastPollAt: '2026-11-28T11:59:50Z',
  lastSuccessAt: '2026-11-28T11:59:50Z',
});

const stored = (patch: Partial<Parking>, valueSince: string): StoredParking => ({
  parking: {
    id: 's:1',
    source: 's',
    name: 'Nord',
    kind: 'car-park',
    location: null,
    capacity: 100,
    free: 12,
    occupied: 88,
    status: 'open',
    trend: 'filling',
    observedAt: '2026-11-28T11:59:30Z',
    receivedAt: '2026-11-28T11:59:50Z',
    stale: false,
    quality: [],
    ...patch,
  },
  valueSince,
});

function serviceOver(state: StoredParking, config: SourceConfig, health: SourceHealth[]): ParkingQueryService {
  const live = { get: async () => state, all: async () => [state] } as unknown as ParkingLiveStatePort;
  const store = { all: async () => health } as unknown as SourceHealthStorePort;
  const registry = { get: (id: string) => (id === config.id ? config : undefined) } as unknown as SourceRegistry;
  return new ParkingQueryService(live, store, registry);
}

describe('ParkingQueryService: stale per car park, at read time', () => {
  it('a car park dated 1970 is stale although its feed polls fine', async () => {
    const config = source();
    const s = stored({ observedAt: '1970-01-01T00:00:00.000Z' }, '1970-01-01T00:00:00.000Z');
    const served = await serviceOver(s, config, [healthyFeed(config)]).get('s:1', NOW);
    expect(served.stale).toBe(true);
  });

  it('a car park observed within the limit is fresh, and turns stale as the clock passes it', async () => {
    const config = source();
    const service = serviceOver(stored({}, '2026-11-28T11:59:30Z'), config, [healthyFeed(config)]);
    expect((await service.get('s:1', NOW)).stale).toBe(false);
    expect((await service.get('s:1', new Date(Date.parse('2026-11-28T11:59:30Z') + 180_001))).stale).toBe(true);
  });

  it('with timestamps: change an old time is when the value changed: stale only when the source is', async () => {
    const config = source({ timestamps: 'change' } as Partial<SourceConfig>);
    const s = stored({ observedAt: '2026-11-27T08:00:00Z' }, '2026-11-27T08:00:00Z');
    expect((await serviceOver(s, config, [healthyFeed(config)]).get('s:1', NOW)).stale).toBe(false);
    const silent = { ...healthyFeed(config), lastSuccessAt: '2026-11-28T11:50:00Z' };
    expect((await serviceOver(s, config, [silent]).list({ limit: 10 }, NOW)).data[0].stale).toBe(true);
  });
});

describe('ParkingQueryService: trend decays to stable', () => {
  it('filling while the free count moved within 3 x interval, stable once it has kept its value longer', async () => {
    const config = source(); // interval 1 min: window 3 min
    const recent = serviceOver(stored({}, '2026-11-28T11:58:00Z'), config, [healthyFeed(config)]);
    expect((await recent.get('s:1', NOW)).trend).toBe('filling');
    const hoursAgo = serviceOver(stored({}, '2026-11-28T09:00:00Z'), config, [healthyFeed(config)]);
    expect((await hoursAgo.get('s:1', NOW)).trend).toBe('stable');
    expect((await hoursAgo.list({ limit: 10 }, NOW)).data[0].trend).toBe('stable');
  });

  it('the window is at most 30 min, whatever the interval', async () => {
    const config = source({ intervalMs: 86_400_000, staleAfterMs: 30 * 60_000 });
    const s = stored({ trend: 'emptying', observedAt: '2026-11-28T11:59:00Z' }, '2026-11-28T11:29:59Z');
    expect((await serviceOver(s, config, [healthyFeed(config)]).get('s:1', NOW)).trend).toBe('stable');
    const t = stored({ trend: 'emptying', observedAt: '2026-11-28T11:59:00Z' }, '2026-11-28T11:30:01Z');
    expect((await serviceOver(t, config, [healthyFeed(config)]).get('s:1', NOW)).trend).toBe('emptying');
  });
});
