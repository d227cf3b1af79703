import { parseByteSize, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['1.5s', 1_500],
    ['90d', 7_776_000_000],
    [250, 250],
  ])('%s -> %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['', 'soon', '5 minutes', '-5s', '1w'])('rejects %p', (input) => expect(parseDuration(input)).toBeNull());
});

describe('parseByteSize', () => {
  it.each([
    ['20MB', 20 * 1024 * 1024],
    ['512kb', 512 * 1024],
    ['100', 100],
  ])('%s -> %d bytes', (input, bytes) => expect(parseByteSize(input)).toBe(bytes));

  it('rejects units it does not know', () => expect(parseByteSize('3 TB')).toBeNull());
});
