/** Drops undefined properties, so records carry no `key: undefined` noise (and compare cleanly). */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
