import type { Parking } from '../../parking/parking.model.js';

/** The car park the DATEX II export specs vary: located, open, with a name that needs escaping in XML. */
export const baseParking: Parking = {
  id: 'city:p1',
  source: 'city',
  name: 'Parkhaus "Markt" & Co',
  kind: 'car-park',
  location: { lat: 48.5961234567, lon: 8.8701 },
  capacity: 400,
  free: 137,
  occupied: 263,
  status: 'open',
  trend: 'stable',
  observedAt: '2026-12-03T08:00:00.000Z',
  receivedAt: '2026-12-03T08:00:05.000Z',
  stale: false,
  quality: [],
};

/** The datex2 adapter's context for reading an export back. */
export const readBackCtx = { sourceId: 'back', receivedAt: new Date('2026-12-03T09:00:00Z'), format: {} };

/** The publication time the export specs give. */
export const exportedAt = new Date('2026-12-03T08:30:00Z');

/** A full park-and-ride (the specs add its disabled places). */
export const fullParkAndRide: Parking = {
  ...baseParking,
  id: 'city:pr',
  name: 'P+R Bahnhof',
  kind: 'park-and-ride',
  status: 'full',
  free: 0,
  occupied: 400,
};

/** A car park for disabled users only. */
export const disabledUsersParking: Parking = {
  ...baseParking,
  id: 'city:dis',
  name: 'Behindertenparkplatz',
  kind: 'disabled',
  capacity: 4,
  free: 1,
  occupied: 3,
};

/**
 * Car parks with the facility details the DATEX II v3 export writes (charging points, fees with
 * prices, height limit, operator, page, opening times, park-and-ride), in the forms the DATEX II
 * reader gives back: opening hours with days listed in week order, `24/7`.
 */
export const detailedParkings: Parking[] = [
  {
    ...baseParking,
    id: 'city:details',
    name: 'Parkhaus Details',
    evCharging: { capacity: 12, free: 5 },
    openingHours: 'Mo,Tu,We,Th,Fr 07:00-20:30; Sa 08:00-14:00,15:00-18:00',
    fees: {
      hasFee: true,
      description: '1,50 € je Stunde <Tageshöchstsatz 9 €>',
      url: 'https://example.org/tarife?lot=1&lang=de',
      prices: [
        { minutes: 60, amount: 1.5, currency: 'EUR' },
        { minutes: 30, amount: 1, currency: 'EUR' },
      ],
    },
    maxHeightCm: 210,
    operatorName: 'Stadtwerke "Beispiel" & Co',
    url: 'https://example.org/parking/details',
  },
  {
    ...fullParkAndRide,
    id: 'city:pr-details',
    parkAndRide: true,
    openingHours: '24/7',
    fees: { hasFee: false },
    // Free charging points known, their number not.
    evCharging: { capacity: null, free: 2 },
    maxHeightCm: 195,
  },
];
