import type { SourceConfig } from '../config/source-config.js';
import { initialHealth, type SourceHealth } from './source-health.model.js';
import { isSourceStale } from './source-staleness.js';

const source = { id: 's', kind: 'parking', format: 'parkapi', intervalMs: 60_000, enabled: true } as SourceConfig;
const now = Date.parse('2026-11-28T12:00:00Z');
const health = (patch: Partial<SourceHealth>): SourceHealth => ({ ...initialHealth(source), ...patch });

describe('isSourceStale', () => {
  it('is fresh within the limit, stale past it', () => {
    const h = health({ lastPollAt: '2026-11-28T11:59:00Z', lastSuccessAt: '2026-11-28T11:57:00Z' });
    expect(isSourceStale(h, 180_000, now)).toBe(false);
    expect(isSourceStale(h, 179_999, now)).toBe(true);
  });

  it('is stale when frozen, or polled but never answered', () => {
    const frozen = health({
      status: 'degraded',
      lastPollAt: '2026-11-28T11:59:00Z',
      lastSuccessAt: '2026-11-28T11:59:00Z',
      lastError: { code: 'STALE_DATA', message: 'no change', at: '2026-11-28T11:00:00Z' },
    });
    expect(isSourceStale(frozen, 180_000, now)).toBe(true);
    expect(isSourceStale(health({ lastPollAt: '2026-11-28T11:59:00Z' }), 180_000, now)).toBe(true);
  });

  it('is neither for a source not polled yet, nor for a disabled one', () => {
    expect(isSourceStale(health({}), 180_000, now)).toBe(false);
    expect(isSourceStale(health({ status: 'disabled', lastPollAt: '2026-11-01T00:00:00Z' }), 1, now)).toBe(false);
  });
});
