import { tileImageSource } from './tile-source.js';

describe('tileImageSource', () => {
  it('is the origin of a plain template', () => {
    expect(tileImageSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileImageSource('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
  });
  it('turns a leading {s} subdomain into a wildcard', () => {
    expect(tileImageSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
  });
  it('falls back to the scheme when the host has another placeholder', () => {
    expect(tileImageSource('https://tiles-{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
  });
  it('is nothing without tiles', () => {
    expect(tileImageSource(undefined)).toBeUndefined();
  });
});
