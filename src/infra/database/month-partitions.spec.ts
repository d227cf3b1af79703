import { monthPartitions, partitionName } from './month-partitions.js';

describe('monthPartitions', () => {
  it('gives one partition per UTC month with half-open bounds', () => {
    expect(monthPartitions(['2026-11-30T23:59:59Z', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'])).toEqual([
      { name: 'parking_observation_y2026m11', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      { name: 'parking_observation_y2026m12', from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
    ]);
  });

  it('names sort in time order', () => {
    expect(partitionName(new Date('2026-02-01Z')) < partitionName(new Date('2026-10-01Z'))).toBe(true);
  });
});
