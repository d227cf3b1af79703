import { ownValue } from '../common/own-key.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface SubstitutionResult {
  value: unknown;
  /** Dot paths of strings that named an unset variable without a default, with the variable. */
  missing: Array<{ field: string; variable: string }>;
  /** Variables whose value went into the result (their values are hidden from logs). */
  used: string[];
}

/** Replaces ${NAME} and ${NAME:-default} in every string of a parsed YAML value. */
export function substituteEnv(
  value: unknown,
  vars: Record<string, string | undefined>,
  field = '',
): SubstitutionResult {
  const missing: SubstitutionResult['missing'] = [];
  const used = new Set<string>();
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (_all, name: string, fallback: string | undefined) => {
        const found = ownValue(vars, name);
        if (found !== undefined && found !== '') {
          used.add(name);
          return found;
        }
        if (fallback !== undefined) return fallback;
        missing.push({ field: at, variable: name });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, join(at, String(i))));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, join(at, k))]));
    }
    return node;
  };
  return { value: walk(value, field), missing, used: [...used] };
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}
