import {
  COORDINATE_SYSTEMS,
  isCoordinateSystem,
  projectedHint,
  readingCoordinatesIn,
  sourcePointToWgs84,
} from './coordinate-systems.js';

/**
 * A second implementation, to check proj4 against: the inverse transverse Mercator by Krüger's
 * series in n (to n^4, sub-millimetre within a UTM zone), as Karney (2011) and the UTM article of
 * Wikipedia write it, on the GRS80 ellipsoid (ETRS89: no datum shift to WGS84 at this precision).
 */
function utmToWgs84(northing: number, easting: number, zone: number): { lat: number; lon: number } {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const n = f / (2 - f);
  const A = (a / (1 + n)) * (1 + n ** 2 / 4 + n ** 4 / 64);
  const beta = [
    n / 2 - (2 / 3) * n ** 2 + (37 / 96) * n ** 3 - (1 / 360) * n ** 4,
    (1 / 48) * n ** 2 + (1 / 15) * n ** 3 - (437 / 1440) * n ** 4,
    (17 / 480) * n ** 3 - (37 / 840) * n ** 4,
    (4397 / 161280) * n ** 4,
  ];
  const delta = [
    2 * n - (2 / 3) * n ** 2 - 2 * n ** 3 + (116 / 45) * n ** 4,
    (7 / 3) * n ** 2 - (8 / 5) * n ** 3 - (227 / 45) * n ** 4,
    (56 / 15) * n ** 3 - (136 / 35) * n ** 4,
    (4279 / 630) * n ** 4,
  ];
  const k0 = 0.9996;
  const xi = northing / (k0 * A);
  const eta = (easting - 500_000) / (k0 * A);
  let xiP = xi;
  let etaP = eta;
  beta.forEach((b, i) => {
    const j = 2 * (i + 1);
    xiP -= b * Math.sin(j * xi) * Math.cosh(j * eta);
    etaP -= b * Math.cos(j * xi) * Math.sinh(j * eta);
  });
  const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
  let phi = chi;
  delta.forEach((d, i) => {
    phi += d * Math.sin(2 * (i + 1) * chi);
  });
  const lambda0 = ((zone * 6 - 183) * Math.PI) / 180;
  const lambda = lambda0 + Math.atan2(Math.sinh(etaP), Math.cos(xiP));
  return { lat: (phi * 180) / Math.PI, lon: (lambda * 180) / Math.PI };
}

function expectClose(actual: { lat: number; lon: number } | undefined, expected: { lat: number; lon: number }) {
  expect(actual).toBeDefined();
  expect(Math.abs(actual!.lat - expected.lat)).toBeLessThan(1e-6);
  expect(Math.abs(actual!.lon - expected.lon)).toBeLessThan(1e-6);
}

describe('coordinate systems', () => {
  it('lists the accepted codes, WGS84 first', () => {
    expect(COORDINATE_SYSTEMS).toEqual([
      'EPSG:4326',
      'EPSG:25832',
      'EPSG:25833',
      'EPSG:2154',
      'EPSG:3857',
      'EPSG:31467',
    ]);
    expect(isCoordinateSystem('EPSG:25832')).toBe(true);
    for (const bad of ['EPSG:9999', 'epsg:25832', 'toString', 'constructor', ''])
      expect(isCoordinateSystem(bad)).toBe(false);
  });

  it('leaves points unchanged without a system or in EPSG:4326', () => {
    expect(sourcePointToWgs84(48.1, 9.2)).toEqual({ lat: 48.1, lon: 9.2 });
    expect(readingCoordinatesIn('EPSG:4326', () => sourcePointToWgs84(48.1, 9.2))).toEqual({ lat: 48.1, lon: 9.2 });
  });

  it('UTM 32N and 33N (ETRS89): as the Krüger series gives, within 1e-6 degrees', () => {
    for (const [northing, easting] of [
      [5_402_496, 512_788],
      [5_900_000, 300_000],
      [5_300_000, 700_000],
    ] as const) {
      expectClose(
        readingCoordinatesIn('EPSG:25832', () => sourcePointToWgs84(northing, easting)),
        utmToWgs84(northing, easting, 32),
      );
      expectClose(
        readingCoordinatesIn('EPSG:25833', () => sourcePointToWgs84(northing, easting)),
        utmToWgs84(northing, easting, 33),
      );
    }
  });

  it("Lambert-93: the projection's origin (700000, 6600000) is 46.5° N 3° E by definition", () => {
    expectClose(
      readingCoordinatesIn('EPSG:2154', () => sourcePointToWgs84(6_600_000, 700_000)),
      { lat: 46.5, lon: 3 },
    );
  });

  it('Web Mercator: lat = atan(sinh(y / R)), lon = x / R on the sphere of R 6378137 m', () => {
    const R = 6_378_137;
    const [y, x] = [6_274_861, 1_020_000];
    expectClose(
      readingCoordinatesIn('EPSG:3857', () => sourcePointToWgs84(y, x)),
      {
        lat: (Math.atan(Math.sinh(y / R)) * 180) / Math.PI,
        lon: ((x / R) * 180) / Math.PI,
      },
    );
  });

  it('Gauss-Krüger zone 3 (DHDN): near its central meridian 9° E (the datum shift moves it some 100 m)', () => {
    const p = readingCoordinatesIn('EPSG:31467', () => sourcePointToWgs84(5_403_000, 3_500_000));
    expect(Math.abs(p!.lon - 9)).toBeLessThan(0.005);
    expect(p!.lat).toBeGreaterThan(48.7);
    expect(p!.lat).toBeLessThan(48.8);
  });

  it('names the setting when a pair read as degrees is plainly metres, and only then', () => {
    expect(projectedHint(5_402_496, 512_788)).toBe(
      "; they look like projected coordinates (metres): set the source's crs (one of EPSG:4326, EPSG:25832, EPSG:25833, EPSG:2154, EPSG:3857, EPSG:31467)",
    );
    expect(projectedHint(143_000, 11_550_000)).not.toBe('');
    expect(projectedHint(91, 1000)).not.toBe('');
    // a latitude of 95 is a slip, not metres; 90 is a latitude
    expect(projectedHint(95, 6.1)).toBe('');
    expect(projectedHint(90, 5000)).toBe('');
    expect(projectedHint(undefined, 512_788)).toBe('');
    expect(readingCoordinatesIn('EPSG:25832', () => projectedHint(99_999_999, 1))).toBe('');
  });

  it('restores the outer system after a parse, also when it throws', () => {
    expect(() =>
      readingCoordinatesIn('EPSG:25832', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(sourcePointToWgs84(5_402_496, 512_788)).toEqual({ lat: 5_402_496, lon: 512_788 });
    expect(() => readingCoordinatesIn('EPSG:1', () => 1)).toThrow('unknown coordinate system EPSG:1');
  });
});
