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
 * - facility details (issue #15): the names of files here (test/fixtures/opendatasoft): Strasbourg's
 *   `parkings` (`friendlyurl`, `accessforwheelchair` 1 / 0), Nantes Métropole's parking datasets
 *   (`idobj`, `nom_complet`, `capacite_voiture`, `capacite_pmr`, `capacite_vehicule_electrique`,
 *   `capacite_moto`, `capacite_velo`, `exploitant`, `site_web`, `acces_pmr` OUI / NON), and the
 *   columns of schema-stationnement, which ODS portals publish as they are (`nb_voitures_electriques`,
 *   `nb_velo`, `nb_2r_el`, `nb_autopartage`, `nb_2_rm`, `nb_covoit`, `hauteur_max` in cm,
 *   `tarif_1h` … `tarif_24h` in euros, `url`, and the `gestionnaire` some of them add; `gratuit` is read by the adapter, inverted, as
 *   feeHasFee). `opening_hours` only in OSM syntax: free-text hours (`horaires`) are not guessed.
 */
/**
 * The key under which the adapter puts `!gratuit` (schema-stationnement's "free of charge", the
 * opposite of feeHasFee) before the records are mapped; not a field name any portal uses.
 */
export const HAS_FEE_FROM_GRATUIT = '$hasFee(gratuit)';

export const OPENDATASOFT_DEFAULT_PATHS: FieldPaths = {
  ...emptyPaths(),
  id: ['ident', 'idsurfs', 'idobj', 'id', 'identifiant', 'id_parking', 'idparking', 'code_parking', 'code', '_id'],
  name: ['nom_parking', 'nom', 'nom_complet', 'name', 'libelle', 'lib_parking', 'nom_du_parking', 'title'],
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
  capacity: ['total', 'capacite', 'nb_places', 'nb_places_totales', 'capacite_totale', 'capacite_voiture', 'capacity'],
  occupied: ['occupees', 'places_occupees', 'nb_places_occupees', 'occupied'],
  disabledCapacity: ['nb_pmr', 'places_pmr', 'capacite_pmr'],
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
  url: ['friendlyurl', 'site_web', 'url'],
  wheelchair: ['accessforwheelchair', 'acces_pmr'],
  operatorName: ['exploitant', 'gestionnaire'],
  openingHours: ['opening_hours'],
  maxHeight: ['hauteur_max'],
  feeHasFee: [HAS_FEE_FROM_GRATUIT],
  evChargingCapacity: ['capacite_vehicule_electrique', 'nb_voitures_electriques'],
  bicycleCapacity: ['capacite_velo', 'nb_velo'],
  motorcycleCapacity: ['capacite_moto', 'nb_2_rm'],
  electricTwoWheelerCapacity: ['nb_2r_el'],
  carsharingCapacity: ['nb_autopartage'],
  carpoolCapacity: ['nb_covoit'],
  price1h: ['tarif_1h'],
  price2h: ['tarif_2h'],
  price3h: ['tarif_3h'],
  price4h: ['tarif_4h'],
  price24h: ['tarif_24h'],
};

/** The currency of the default price fields (`tarif_*` of French portals), unless `mapping.priceCurrency` says. */
export const OPENDATASOFT_DEFAULT_CURRENCY = 'EUR';
