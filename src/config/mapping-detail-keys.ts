/**
 * The `mapping:` keys of the facility details that come in families (issue #15, docs/interface.md
 * § json-mapping): a price per parking time, and the places of each restricted kind.
 */

/** `price1h: tarif_1h`: the price of that parking time, in `priceCurrency`. Minutes by key. */
export const MAPPING_PRICE_MINUTES = {
  price15min: 15,
  price30min: 30,
  price1h: 60,
  price2h: 120,
  price3h: 180,
  price4h: 240,
  price6h: 360,
  price12h: 720,
  price24h: 1440,
} as const;
export type MappingPriceKey = keyof typeof MAPPING_PRICE_MINUTES;
export const MAPPING_PRICE_KEYS = Object.keys(MAPPING_PRICE_MINUTES) as MappingPriceKey[];

/**
 * The restricted-space kinds (parking.model.ts RESTRICTED_SPACE_KINDS) by the camelCase prefix of
 * their keys: `womenCapacity`, `womenFree`, `electricTwoWheelerCapacity`...
 */
export const MAPPING_RESTRICTED_KINDS = {
  women: 'women',
  family: 'family',
  carsharing: 'carsharing',
  carpool: 'carpool',
  taxi: 'taxi',
  delivery: 'delivery',
  customer: 'customer',
  resident: 'resident',
  truck: 'truck',
  bus: 'bus',
  caravan: 'caravan',
  motorcycle: 'motorcycle',
  electricTwoWheeler: 'electric-two-wheeler',
  bicycle: 'bicycle',
  cargoBike: 'cargo-bike',
} as const;
type RestrictedPrefix = keyof typeof MAPPING_RESTRICTED_KINDS;
export type MappingRestrictedKey = `${RestrictedPrefix}Capacity` | `${RestrictedPrefix}Free`;
export const MAPPING_RESTRICTED_KEYS = (Object.keys(MAPPING_RESTRICTED_KINDS) as RestrictedPrefix[]).flatMap(
  (prefix): MappingRestrictedKey[] => [`${prefix}Capacity`, `${prefix}Free`],
);

/** ISO 4217: three capital letters (`mapping.priceCurrency`, needed by the price keys). */
export const CURRENCY_CODE = /^[A-Z]{3}$/;
