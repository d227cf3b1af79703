/**
 * Reads `path` ("a.b.0.c") from a parsed JSON value. Segments are object keys;
 * on arrays a segment must be a non-negative integer index. "" returns the value itself.
 * Returns undefined as soon as a segment does not exist.
 */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const segment of path.split('.')) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function step(current: unknown, segment: string): unknown {
  if (Array.isArray(current)) {
    return /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
  }
  if (isRecord(current)) {
    return Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
