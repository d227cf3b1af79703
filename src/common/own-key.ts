/**
 * `table[key]` when `key` is one of the table's own keys; undefined otherwise. An object literal
 * also answers to the names it inherits from Object.prototype (`constructor`, `toString`,
 * `__proto__`, `hasOwnProperty`...), so a value from outside (a feed, a URL, a config file)
 * looked up as `table[value]` would take one of those for a known entry: look such values up here.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string | undefined): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
