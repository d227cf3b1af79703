export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'uri';

/** One column of a Table Schema (frictionless), reduced to the constraints the hub checks. */
export interface FieldRule {
  name: string;
  type: FieldType;
  required?: boolean;
  pattern?: RegExp;
  enum?: readonly string[];
  min?: number;
  max?: number;
  /** Extra check beyond the type (e.g. the SIRET checksum); returns a reason when it fails. */
  check?: (value: string) => string | undefined;
}

const TRUE_VALUES = new Set(['true', '1', 'vrai']);
const FALSE_VALUES = new Set(['false', '0', 'faux']);
const INTEGER = /^[-+]?\d+$/;
/** Table Schema numbers use a dot as decimal separator. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks one row; returns "field: reason" for each failing field (empty when the row is valid). */
export function validateRow(row: ReadonlyMap<string, string>, rules: readonly FieldRule[]): string[] {
  const failures: string[] = [];
  for (const rule of rules) {
    const value = row.get(rule.name.toLowerCase()) ?? '';
    const reason = value === '' ? (rule.required ? 'missing' : undefined) : checkValue(value, rule);
    if (reason !== undefined) failures.push(`${rule.name}: ${reason}`);
  }
  return failures;
}

function checkValue(value: string, rule: FieldRule): string | undefined {
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (!hasType(value, rule.type)) return `${shown} is not a valid ${rule.type}`;
  if (rule.pattern && !rule.pattern.test(value)) return `${shown} does not match ${rule.pattern.source}`;
  if (rule.enum && !rule.enum.includes(value)) return `${shown} is not one of ${rule.enum.join('|')}`;
  const n = Number(value);
  if (rule.min !== undefined && n < rule.min) return `${shown} is below ${rule.min}`;
  if (rule.max !== undefined && n > rule.max) return `${shown} is above ${rule.max}`;
  return rule.check?.(value);
}

function hasType(value: string, type: FieldType): boolean {
  switch (type) {
    case 'integer':
      return INTEGER.test(value);
    case 'number':
      return NUMBER.test(value);
    case 'boolean':
      return TRUE_VALUES.has(value.toLowerCase()) || FALSE_VALUES.has(value.toLowerCase());
    case 'date':
      return DATE.test(value) && isCalendarDate(value);
    case 'uri':
      return isUri(value);
    case 'string':
      return true;
  }
}

/** Rejects 2020-02-30, which Date.parse silently rolls over to March. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isUri(value: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(value) && new URL(value).protocol !== '';
  } catch {
    return false;
  }
}

/** Builds a lookup from lower-cased header names to the row's values. */
export function rowMap(header: readonly string[], values: readonly string[]): Map<string, string> {
  return new Map(header.map((name, index) => [name.toLowerCase(), values[index] ?? '']));
}
