/**
 * Deterministic pseudo-randomness for the demo operator: every value is a pure
 * function of its inputs, so a test with a fixed clock and seed sees the same feed.
 */

/** FNV-1a over the joined parts, then murmur3's finaliser to spread the bits. */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  const text = parts.join('\u001f');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) derived from the parts. */
export function hashUnit(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** A number in [-1, 1) derived from the parts. */
export function hashSigned(...parts: ReadonlyArray<string | number>): number {
  return hashUnit(...parts) * 2 - 1;
}
