import { toStorageError } from './storage-error.js';

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
    expect(error.code).toBe('STORAGE_UNAVAILABLE');
  });
});
