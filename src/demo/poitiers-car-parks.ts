/**
 * The demo operator's car parks: the garages of Grand Poitiers' real-time dataset
 * "mobilites-stationnement-des-parkings-en-temps-reel", with that dataset's own
 * numeric "Id", upper-case "Nom", "Capacite" and "geo_point_2d" as published
 * (snapshot of 2025-10-23; Notre-Dame from an earlier snapshot — that garage has
 * been closed for works since June 2024 and is kept here as a normal car park).
 *
 * Where the real feed gives no coordinates (GARE EFFIA, CORDELIERS) the ones below
 * are approximate, placed by hand. The real feed has no park-and-ride: "P+R MILETRIE"
 * is invented for the demo, at the approximate location of the CHU (La Milétrie)
 * terminus of demo bus line 1.
 */

/** Which daily curve a car park follows (see occupancy-curve.ts). */
export type DemoLoadProfile = 'city-centre' | 'shopping' | 'short-stay' | 'commuter';

export interface DemoCarPark {
  /** The real dataset's "Id" (100+ for car parks invented for the demo). */
  id: number;
  name: string;
  capacity: number;
  lat: number;
  lon: number;
  kind: 'car-park' | 'park-and-ride';
  profile: DemoLoadProfile;
  /** Share of places taken at night and at the busiest hour of a weekday / weekend day. */
  load: { night: number; weekdayPeak: number; weekendPeak: number };
  /** Local hours [from, to) during which the car park is shut. */
  closedHours?: { from: number; to: number };
  coordinatesApproximate: boolean;
}

export const POITIERS_CAR_PARKS: readonly DemoCarPark[] = [
  {
    id: 0,
    name: 'BLOSSAC TISON',
    capacity: 665,
    lat: 46.57505317559496,
    lon: 0.337126307915689,
    kind: 'car-park',
    profile: 'city-centre',
    load: { night: 0.18, weekdayPeak: 0.72, weekendPeak: 0.6 },
    coordinatesApproximate: false,
  },
  {
    id: 1,
    name: 'NOTRE DAME',
    capacity: 146,
    lat: 46.58349874703973,
    lon: 0.3450022616476489,
    kind: 'car-park',
    profile: 'shopping',
    load: { night: 0.1, weekdayPeak: 0.85, weekendPeak: 0.95 },
    coordinatesApproximate: false,
  },
  {
    id: 2,
    name: 'HOTEL DE VILLE',
    capacity: 625,
    lat: 46.5793235337795,
    lon: 0.3385507838016221,
    kind: 'car-park',
    profile: 'city-centre',
    load: { night: 0.15, weekdayPeak: 0.82, weekendPeak: 0.7 },
    coordinatesApproximate: false,
  },
  {
    // Fills up on weekday peaks: the demo's "COMPLET" car park.
    id: 3,
    name: 'THEATRE',
    capacity: 320,
    lat: 46.58383455409422,
    lon: 0.33779491061805567,
    kind: 'car-park',
    profile: 'city-centre',
    load: { night: 0.2, weekdayPeak: 1.08, weekendPeak: 0.9 },
    coordinatesApproximate: false,
  },
  {
    id: 5,
    name: 'GARE EFFIA',
    capacity: 480,
    lat: 46.5817,
    lon: 0.3327,
    kind: 'car-park',
    profile: 'commuter',
    load: { night: 0.3, weekdayPeak: 0.78, weekendPeak: 0.45 },
    coordinatesApproximate: true,
  },
  {
    // A shopping-centre garage that shuts at night: the demo's "FERME" car park.
    id: 6,
    name: 'CORDELIERS',
    capacity: 290,
    lat: 46.5829,
    lon: 0.3436,
    kind: 'car-park',
    profile: 'shopping',
    load: { night: 0.05, weekdayPeak: 0.75, weekendPeak: 0.9 },
    closedHours: { from: 1, to: 6 },
    coordinatesApproximate: true,
  },
  {
    id: 9,
    name: 'GARE TOUMAI',
    capacity: 640,
    lat: 46.58358353103216,
    lon: 0.3348348830917244,
    kind: 'car-park',
    profile: 'commuter',
    load: { night: 0.25, weekdayPeak: 0.8, weekendPeak: 0.5 },
    coordinatesApproximate: false,
  },
  {
    id: 11,
    name: 'ARRET MINUTE',
    capacity: 137,
    lat: 46.5837930044951,
    lon: 0.3349825350533,
    kind: 'car-park',
    profile: 'short-stay',
    load: { night: 0.05, weekdayPeak: 0.7, weekendPeak: 0.55 },
    coordinatesApproximate: false,
  },
  {
    id: 12,
    name: 'PALAIS DE JUSTICE',
    capacity: 228,
    lat: 46.58595804860371,
    lon: 0.3512954265806957,
    kind: 'car-park',
    profile: 'commuter',
    load: { night: 0.08, weekdayPeak: 0.9, weekendPeak: 0.3 },
    coordinatesApproximate: false,
  },
  {
    id: 100,
    name: 'P+R MILETRIE',
    capacity: 300,
    lat: 46.5598,
    lon: 0.3792,
    kind: 'park-and-ride',
    profile: 'commuter',
    load: { night: 0.03, weekdayPeak: 0.88, weekendPeak: 0.2 },
    coordinatesApproximate: true,
  },
];
