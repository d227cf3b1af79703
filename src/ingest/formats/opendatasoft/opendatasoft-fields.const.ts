import { emptyPaths, type FieldPaths } from '../json-mapping/field-paths.js';

/**
 * Field names seen in French OpenDataSoft / data-fair parking datasets, tried in order; the first
 * present in a record wins (the id field is chosen once per payload). Any key in the source's
 * `mapping:` replaces the list for that key.
 *
 * Deliberate choices:
 * - `recordid` is never an id: ODS derives it from the record content, so it changes with
 *   every occupancy update. data-fair's `_id` is a last resort (stable for REST datasets only).
 * - status prefers descriptive text (`etat_descriptif`: "Ouvert", "Fermé") over numeric codes
 *   (`etat`: 0/1/2) that only a `statusValues` block can explain.
 * - observedAt prefers the operator's own time fields over the portal's indexing time
 *   (`_updatedAt`, `record_timestamp`).
 * - facility details: only the names a file here has (Strasbourg's `parkings` dataset,
 *   test/fixtures/opendatasoft): `friendlyurl` (the facility's page) and `accessforwheelchair`
 *   (1 → yes, 0 → no). Any other detail is read only when `mapping:` names it.
 */
export const OPENDATASOFT_DEFAULT_PATHS: FieldPaths = {
  ...emptyPaths(),
  id: ['ident', 'idsurfs', 'id', 'identifiant', 'id_parking', 'idparking', 'code_parking', 'code', '_id'],
  name: ['nom_parking', 'nom', 'name', 'libelle', 'lib_parking', 'nom_du_parking', 'title'],
  address: ['adresse', 'address'],
  lat: ['latitude', 'lat', 'ylat'],
  lon: ['longitude', 'lon', 'lng', 'xlong'],
  location: ['geo_point_2d', '_geopoint', 'geometry', 'position', 'geo_point', 'geopoint', 'coordonnees', 'location'],
  free: [
    'libre',
    'places_disponibles',
    'nb_places_libres',
    'nb_places_disponibles',
    'places_libres',
    'places_restantes',
    'disponibles',
    'free',
  ],
  capacity: ['total', 'capacite', 'nb_places', 'nb_places_totales', 'capacite_totale', 'capacity'],
  occupied: ['occupees', 'places_occupees', 'nb_places_occupees', 'occupied'],
  disabledCapacity: ['nb_pmr', 'places_pmr'],
  status: ['etat_descriptif', 'etat', 'status', 'statut', 'state'],
  kind: ['type_parking', 'type_de_parking', 'type', 'categorie'],
  observedAt: [
    'date_maj',
    'last_update',
    'lastupdate',
    'derniere_mise_a_jour',
    'horodatage',
    '_updatedAt',
    'record_timestamp',
  ],
  url: ['friendlyurl'],
  wheelchair: ['accessforwheelchair'],
};
