import { kindFromText } from './kind.mapper.js';

describe('kindFromText', () => {
  it.each([
    ['Parking relais', 'park-and-ride'],
    ['P+R', 'park-and-ride'],
    ['Park & Ride', 'park-and-ride'],
    ['Parking en ouvrage', 'car-park'],
    ['Tiefgarage', 'car-park'],
    ['Stationnement vélo', 'bicycle'],
    ['Places PMR', 'disabled'],
    ['Stationnement sur voirie', 'on-street'],
  ])('%s -> %s', (text, kind) => expect(kindFromText(text)).toBe(kind));

  it('leaves what it does not know undefined', () => {
    expect(kindFromText('Zone bleue')).toBeUndefined();
    expect(kindFromText(3)).toBeUndefined();
  });
});
