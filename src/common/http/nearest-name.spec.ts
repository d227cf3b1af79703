import { editDistance, nearestName } from './nearest-name.js';

const PARKING = ['near', 'radius', 'bbox', 'minFree', 'source', 'kind', 'status', 'limit', 'cursor', 'format'];

describe('nearestName', () => {
  it('names the parameter a typo was meant for', () => {
    expect(nearestName('radus', PARKING)).toBe('radius');
    expect(nearestName('limt', PARKING)).toBe('limit');
    expect(nearestName('minfree', PARKING)).toBe('minFree');
    expect(nearestName('nera', PARKING)).toBe('near');
    expect(nearestName('TO', ['from', 'to'])).toBe('to');
  });

  it('leaves cache-busters and unrelated names alone', () => {
    for (const name of ['_', 't', 'ts', 'v', 'cb', 'nocache', 'callback', 'page']) {
      expect(nearestName(name, [...PARKING, 'q', 'to', 'at', 'from'])).toBeUndefined();
    }
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('lmiit', 'limit')).toBe(1);
    expect(editDistance('radius', 'radius')).toBe(0);
  });
});
