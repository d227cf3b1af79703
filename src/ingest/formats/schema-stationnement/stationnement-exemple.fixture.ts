import type { ParkingFees } from '../../../parking/parking.model.js';

/**
 * The fees of both rows of test/fixtures/schema-stationnement/stationnement-exemple-valide.csv,
 * read by hand from the file: gratuit true, tarif_1h 5.5, tarif_2h 7.5, tarif_3h 10.5, tarif_4h
 * 13.5, tarif_24h 40 (euros). For the specs that read the file, through the adapter or a hub.
 */
export const EXEMPLE_VALIDE_FEES: ParkingFees = {
  hasFee: false,
  prices: [
    { minutes: 60, amount: 5.5, currency: 'EUR' },
    { minutes: 120, amount: 7.5, currency: 'EUR' },
    { minutes: 180, amount: 10.5, currency: 'EUR' },
    { minutes: 240, amount: 13.5, currency: 'EUR' },
    { minutes: 1440, amount: 40, currency: 'EUR' },
  ],
};
