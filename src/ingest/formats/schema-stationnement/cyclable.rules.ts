import type { GeoPoint } from '../../../parking/parking.model.js';
import { pointFrom } from '../shared-json/value-coercion.util.js';
import type { FieldRule } from './field-rules.util.js';

const COORDINATES_XY = /^\[\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*\]$/;

/** `[lon,lat]` as written by schema-stationnement-cyclable ≥ 1.0 (whitespace and newlines allowed). */
export function parseLonLat(value: string): GeoPoint | undefined {
  const match = COORDINATES_XY.exec(value.trim());
  return match ? pointFrom(match[2], match[1]) : undefined;
}

const COMMON_RULES: readonly FieldRule[] = [
  { name: 'id_local', type: 'string', required: true },
  { name: 'code_com', type: 'string', pattern: /^([013-9]\d|2[AB1-9])\d{3}$/ },
  { name: 'capacite', type: 'integer', required: true, min: 0 },
  { name: 'capacite_cargo', type: 'integer', min: 0 },
  { name: 'type_accroche', type: 'string', enum: ['ROUE', 'CADRE', 'CADRE ET ROUE', 'SANS ACCROCHE'] },
  { name: 'gratuit', type: 'boolean' },
  { name: 'couverture', type: 'boolean' },
  { name: 'surveillance', type: 'boolean' },
  { name: 'lumiere', type: 'boolean' },
  { name: 'url_info', type: 'uri' },
  { name: 'd_service', type: 'integer' },
  { name: 'date_maj', type: 'date' },
];

/**
 * etalab/schema-stationnement-cyclable. Version ≥ 1.0 has one `coordonneesxy` column "[lon,lat]"
 * (and a required type_accroche); 0.x has `xlong` / `ylat`. The rules follow the file's header.
 * The mobilier/acces/protection enums changed between versions and are not checked.
 */
export function cyclableRules(header: readonly string[]): FieldRule[] {
  const names = new Set(header.map((name) => name.toLowerCase()));
  if (!names.has('coordonneesxy') && names.has('xlong')) {
    return [
      ...COMMON_RULES,
      { name: 'xlong', type: 'number', required: true, min: -180, max: 180 },
      { name: 'ylat', type: 'number', required: true, min: -90, max: 90 },
    ];
  }
  return COMMON_RULES.map((rule) => (rule.name === 'type_accroche' ? { ...rule, required: true } : rule)).concat({
    name: 'coordonneesxy',
    type: 'string',
    required: true,
    check: (value) => (parseLonLat(value) ? undefined : `${JSON.stringify(value)} is not a valid "[lon,lat]"`),
  });
}
