/**
 * The CSP `img-src` entry that lets the dashboard load its map tiles (HUB_MAP_TILES), or none.
 * `https://{s}.tile.example.org/{z}/{x}/{y}.png` -> `https://*.tile.example.org`; a template whose
 * host has a placeholder elsewhere -> its scheme only (`https:`). Pure.
 */
export function tileImageSource(template: string | undefined): string | undefined {
  if (template === undefined) return undefined;
  const match = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (match === null) return undefined;
  const [, scheme, host] = match;
  const wildcard = host.replace(/^\{s\}\./, '*.');
  if (/[{}]/.test(wildcard)) return `${scheme}:`;
  return `${scheme}://${wildcard}`;
}

/** The extra `img-src` entries of the hub's CSP (both HTTP paths send the same headers). */
export function imageSourcesOf(config: { dashboard: { tilesUrl?: string } }): string[] {
  const source = tileImageSource(config.dashboard.tilesUrl);
  return source === undefined ? [] : [source];
}
