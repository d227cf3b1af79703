import path from 'node:path';
import { writeSources } from '../support/hub-app.js';

/** Real operators' files with facility details (issue #15), polled from disk like any operator URL. */
const FIXTURES = path.join(process.cwd(), 'test/fixtures');
/** The Heidelberg converter's ParkAPI v3 snapshot: 22 sites. */
export const HEIDELBERG = path.join(FIXTURES, 'parkapi/parkapi-v3-sources-heidelberg-static.json');
/** schema-stationnement's valid example: 2 car parks. */
export const STATIONNEMENT = path.join(FIXTURES, 'schema-stationnement/stationnement-exemple-valide.csv');
/** How many parkings a hub on detailSources() serves before any `extra` source. */
export const DETAIL_PARKINGS = 22 + 2;

/** A sources.yaml of sources heidelberg (HEIDELBERG) and fr (STATIONNEMENT), then `extra` (YAML list items). */
export function detailSources(extra = ''): string {
  return writeSources(`sources:
  - id: heidelberg
    kind: parking
    format: parkapi
    url: ${HEIDELBERG}
    interval: 24h
  - id: fr
    kind: parking
    format: schema-stationnement
    url: ${STATIONNEMENT}
    interval: 24h
${extra}`);
}
