import { historyToCsv } from './parking-history.csv.js';

describe('history CSV', () => {
  it('writes observations with a header, empty fields for nulls and quality joined by |', () => {
    const csv = historyToCsv(
      [
        {
          t: '2025-06-01T10:00:00.000Z',
          free: 12,
          occupied: 88,
          capacity: 100,
          status: 'open',
          occupancy: 0.88,
          quality: ['frozen', 'clock-skew-corrected'],
        },
        {
          t: '2025-06-01T10:05:00.000Z',
          free: null,
          occupied: null,
          capacity: null,
          status: 'unknown',
          occupancy: null,
          quality: [],
        },
      ],
      false,
    );
    expect(csv.split('\r\n')).toEqual([
      't,free,occupied,capacity,status,occupancy,quality',
      '2025-06-01T10:00:00.000Z,12,88,100,open,0.88,frozen|clock-skew-corrected',
      '2025-06-01T10:05:00.000Z,,,,unknown,,',
      '',
    ]);
  });

  it('writes buckets as t,free_min,free_avg,free_max,occupancy', () => {
    const csv = historyToCsv(
      [{ t: '2025-06-01T10:00:00.000Z', free: { min: 3, avg: 4.5, max: 6 }, occupancy: 0.955 }],
      true,
    );
    expect(csv).toBe('t,free_min,free_avg,free_max,occupancy\r\n2025-06-01T10:00:00.000Z,3,4.5,6,0.955\r\n');
  });
});
