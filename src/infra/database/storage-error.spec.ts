import { isDataError, toStorageError } from './storage-error.js';

describe('toStorageError', () => {
  it('retries outages', () => {
    expect(
      toStorageError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
        .transient,
    ).toBe(true);
    expect(
      toStorageError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))
        .transient,
    ).toBe(true);
    expect(toStorageError(new Error('Connection terminated unexpectedly')).transient).toBe(true);
  });

  it('does not retry a statement Postgres rejected', () => {
    const error = toStorageError(Object.assign(new Error('value too long for type'), { code: '22001' }));
    expect(error.transient).toBe(false);
    expect(error.code).toBe('STORAGE_DATA_ERROR');
    const undefinedTable = toStorageError(Object.assign(new Error('relation does not exist'), { code: '42P01' }));
    expect([undefinedTable.code, undefinedTable.transient]).toEqual(['STORAGE_UNAVAILABLE', false]);
  });
});

describe('toStorageError: data errors', () => {
  it('maps a value Postgres refuses (class 22, 23) to STORAGE_DATA_ERROR, permanent', () => {
    for (const code of ['22003', '22P02', '22021', '23502']) {
      const error = toStorageError(
        Object.assign(new Error('value "1e+300" is out of range for type integer'), { code }),
      );
      expect([code, error.code, error.transient]).toEqual([code, 'STORAGE_DATA_ERROR', false]);
      expect(isDataError(error)).toBe(true);
    }
    expect(isDataError(toStorageError(Object.assign(new Error('relation missing'), { code: '42P01' })))).toBe(false);
  });
});
