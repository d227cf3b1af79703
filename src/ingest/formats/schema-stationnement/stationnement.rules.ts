import type { FieldRule } from './field-rules.util.js';

/** INSEE commune code: 2 digits (or 2A/2B for Corsica) + 3 digits. */
const INSEE = /^([013-9]\d|2[AB1-9])\d{3}$/;
/** Parking id issued by the national access point: `<INSEE>-P-<3 digits>`, e.g. 75114-P-001. */
const PARKING_ID = /^([013-9]\d|2[AB1-9])\d{3}-P-\d{3}$/;
const COUNT = { type: 'integer', min: 0 } as const;
const PRICE = { type: 'number', min: 0 } as const;

/**
 * etalab/schema-stationnement (lieux de stationnement, v0.1.3 onwards: `id`, `nom`, `insee` ...)
 * as published in its schema.json, including the custom check "french-siret-value".
 * The schema leaves nb_* unbounded; the hub also refuses negative counts.
 */
export const STATIONNEMENT_RULES: readonly FieldRule[] = [
  { name: 'id', type: 'string', required: true, pattern: PARKING_ID },
  { name: 'nom', type: 'string', required: true },
  { name: 'insee', type: 'string', required: true, pattern: INSEE },
  { name: 'adresse', type: 'string' },
  { name: 'url', type: 'uri' },
  { name: 'type_usagers', type: 'string', required: true, enum: ['tous', 'abonnés'] },
  { name: 'gratuit', type: 'boolean', required: true },
  { name: 'nb_places', ...COUNT, required: true },
  { name: 'nb_pr', ...COUNT },
  { name: 'nb_pmr', ...COUNT },
  { name: 'nb_voitures_electriques', ...COUNT },
  { name: 'nb_velo', ...COUNT },
  { name: 'nb_2r_el', ...COUNT },
  { name: 'nb_autopartage', ...COUNT },
  { name: 'nb_2_rm', ...COUNT },
  { name: 'nb_covoit', ...COUNT },
  { name: 'hauteur_max', type: 'string', required: true, pattern: /^(\d+|N\/A)$/ },
  { name: 'num_siret', type: 'string', required: true, pattern: /^\d{14}$/, check: checkSiret },
  { name: 'Xlong', type: 'number', required: true, min: -180, max: 180 },
  { name: 'Ylat', type: 'number', required: true, min: -90, max: 90 },
  { name: 'tarif_pmr', type: 'string', enum: ['gratuit', 'normal_payant', 'tarif_special'] },
  { name: 'tarif_1h', ...PRICE },
  { name: 'tarif_2h', ...PRICE },
  { name: 'tarif_3h', ...PRICE },
  { name: 'tarif_4h', ...PRICE },
  { name: 'tarif_24h', ...PRICE },
  { name: 'abo_resident', ...PRICE },
  { name: 'abo_non_resident', ...PRICE },
  { name: 'type_ouvrage', type: 'string', enum: ['enclos_en_surface', 'ouvrage'] },
  { name: 'info', type: 'string' },
];

/** Luhn over the 14 digits; La Poste establishments (SIREN 356000000) use a digit sum divisible by 5. */
export function checkSiret(value: string): string | undefined {
  if (!/^\d{14}$/.test(value)) return undefined;
  const valid = value.startsWith('356000000') ? digitSum(value) % 5 === 0 : luhnSum(value) % 10 === 0;
  return valid ? undefined : `"${value}" fails the SIRET checksum`;
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
}

function digitSum(digits: string): number {
  return [...digits].reduce((sum, d) => sum + Number(d), 0);
}
