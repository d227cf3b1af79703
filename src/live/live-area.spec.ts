import { haversineM } from '../common/geo.js';
import { cellCount, cellOf, cellsInBox } from './geo-cells.js';
import { areaShape, boxSidesM, circleBox } from './live-area.js';

// Two real Poitiers car parks (src/demo/poitiers-car-parks.ts): Notre-Dame and Blossac-Tison, 1115 m apart.
const NOTRE_DAME = { lat: 46.58349874703973, lon: 0.3450022616476489 };
const BLOSSAC = { lat: 46.57505317559496, lon: 0.337126307915689 };

describe('area geometry and grid cells', () => {
  it('a circle contains exactly the points within its radius', () => {
    const d = haversineM(NOTRE_DAME.lat, NOTRE_DAME.lon, BLOSSAC.lat, BLOSSAC.lon);
    expect(Math.round(d)).toBe(1115);
    expect(areaShape({ near: NOTRE_DAME, radius: 1116 }).contains(BLOSSAC)).toBe(true);
    expect(areaShape({ near: NOTRE_DAME, radius: 1115 }).contains(BLOSSAC)).toBe(false);
  });

  it('a bbox contains its edges and nothing outside', () => {
    const shape = areaShape({ bbox: [0.337126307915689, 46.57, 0.35, 46.58349874703973] });
    expect(shape.contains(BLOSSAC)).toBe(true);
    expect(shape.contains(NOTRE_DAME)).toBe(true);
    expect(shape.contains({ lat: 46.5835, lon: 0.345 })).toBe(false);
  });

  it("the circle's box holds the circle, so its cells hold every point inside", () => {
    const box = circleBox(NOTRE_DAME, 1116);
    const cells = cellsInBox(box);
    expect(cells).toContain(cellOf(BLOSSAC.lat, BLOSSAC.lon));
    expect(cells).toContain(cellOf(NOTRE_DAME.lat, NOTRE_DAME.lon));
    // +-0.0100 deg of latitude, +-0.0146 deg of longitude: 5 x 6 cells of 0.005 deg.
    expect(cells).toHaveLength(30);
    expect([cells[0], cells[29]]).toEqual(['9314:66', '9318:71']);
  });

  it('names cells by floor(degrees x 200), negative coordinates included', () => {
    expect(cellOf(46.58349874703973, 0.3450022616476489)).toBe('9316:69');
    expect(cellOf(-33.8688, -0.001)).toBe('-6774:-1');
  });

  it('measures box sides in metres along the widest parallel', () => {
    const { widthM, heightM } = boxSidesM([0.33, 46.57, 0.35, 46.59]);
    expect(Math.round(heightM)).toBe(2224);
    // Same as the great-circle length of the 46.57 N edge (1528.86 m): boxes this small are flat enough.
    expect(Math.round(widthM)).toBe(1529);
  });

  it('refuses to enumerate an absurd number of cells', () => {
    expect(() => cellsInBox([-10, -10, 10, 10])).toThrow(RangeError);
    expect(cellCount([-10, -10, 10, 10])).toBe(4001 * 4001);
  });
});
