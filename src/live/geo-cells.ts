/**
 * A fixed lat/lon grid used as rooms for areas: 0.005° x 0.005° cells, about 560 m north-south
 * and 380 m east-west at 46°N. A parking change goes to the one cell it lies in; an area
 * subscription sits in every cell its bounding box touches (24 for a 900 m circle), so an event
 * is checked exactly only against areas near it.
 */
export const CELLS_PER_DEGREE = 200;

/** [minLon, minLat, maxLon, maxLat] in degrees. */
export type Box = [number, number, number, number];

/** Hard cap whatever the configured area limits: an area never joins more cells than this. */
export const MAX_CELLS_PER_AREA = 20_000;

const index = (degrees: number): number => Math.floor(degrees * CELLS_PER_DEGREE);

export function cellOf(lat: number, lon: number): string {
  return `${index(lat)}:${index(lon)}`;
}

export function cellCount([minLon, minLat, maxLon, maxLat]: Box): number {
  return (index(maxLat) - index(minLat) + 1) * (index(maxLon) - index(minLon) + 1);
}

/** Every cell a box touches (index() is monotonic, so a point inside the box is in one of them). */
export function cellsInBox(box: Box): string[] {
  const [minLon, minLat, maxLon, maxLat] = box;
  const [lat0, lat1, lon0, lon1] = [index(minLat), index(maxLat), index(minLon), index(maxLon)];
  const count = cellCount(box);
  if (count > MAX_CELLS_PER_AREA) throw new RangeError(`area covers ${count} cells, more than ${MAX_CELLS_PER_AREA}`);
  const cells: string[] = [];
  for (let lat = lat0; lat <= lat1; lat++) for (let lon = lon0; lon <= lon1; lon++) cells.push(`${lat}:${lon}`);
  return cells;
}
