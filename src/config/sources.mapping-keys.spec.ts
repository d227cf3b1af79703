import { parseSources } from './sources.loader.js';

/** Issue #15: the `mapping:` detail keys, checked once at load like the other keys. */
const load = (mapping: string, format = 'json-mapping') =>
  parseSources(
    [
      'sources:',
      '  - id: own-feed',
      '    kind: parking',
      `    format: ${format}`,
      '    url: https://x.example/parkings.json',
      '    interval: 1m',
      `    mapping: ${mapping}`,
    ].join('\n'),
    {},
    '/',
  );

describe('sources.yaml mapping keys', () => {
  it('takes every facility detail key and maxHeightUnit', () => {
    const mapping =
      '{ id: ref, disabledFree: pmr_libres, openingHours: horaires, feeHasFee: payant, feeDescription: tarif, ' +
      'feeUrl: tarifs, maxHeight: hauteur, maxHeightUnit: m, evChargingCapacity: irve, evChargingFree: irve_libres, ' +
      'operatorName: exploitant, url: page, osmId: osm, wheelchair: fauteuil, parkAndRide: relais }';
    const { sources, errors } = load(mapping);
    expect(errors).toEqual([]);
    expect(sources[0]).toMatchObject({
      mapping: {
        id: 'ref',
        disabledFree: 'pmr_libres',
        openingHours: 'horaires',
        feeHasFee: 'payant',
        feeDescription: 'tarif',
        feeUrl: 'tarifs',
        maxHeight: 'hauteur',
        maxHeightUnit: 'm',
        evChargingCapacity: 'irve',
        evChargingFree: 'irve_libres',
        operatorName: 'exploitant',
        url: 'page',
        osmId: 'osm',
        wheelchair: 'fauteuil',
        parkAndRide: 'relais',
      },
    });
  });

  it('takes the yes / no keys evCharging and disabledPlaces; a typo of either names it', () => {
    const { sources, errors } = load('{ id: ref, evCharging: borne, disabledPlaces: pmr }');
    expect(errors).toEqual([]);
    expect(sources[0]).toMatchObject({ mapping: { evCharging: 'borne', disabledPlaces: 'pmr' } });
    expect(load('{ id: ref, evCharing: borne, disabledPlace: pmr }').errors).toEqual([
      { sourceId: 'own-feed', field: 'mapping.evCharing', message: 'unknown mapping key; did you mean evCharging?' },
      {
        sourceId: 'own-feed',
        field: 'mapping.disabledPlace',
        message: 'unknown mapping key; did you mean disabledPlaces?',
      },
    ]);
  });

  it('a typo of a key is a load error naming the key it is closest to', () => {
    const { sources, errors } = load('{ id: ref, opneingHours: horaires, maxHieght: h }');
    expect(sources).toEqual([]);
    expect(errors).toEqual([
      {
        sourceId: 'own-feed',
        field: 'mapping.opneingHours',
        message: 'unknown mapping key; did you mean openingHours?',
      },
      { sourceId: 'own-feed', field: 'mapping.maxHieght', message: 'unknown mapping key; did you mean maxHeight?' },
    ]);
  });

  it('a key close to none lists the known keys; opendatasoft and csv-mapping are checked too', () => {
    const ods = load('{ tarif_horaire: tarif }', 'opendatasoft').errors;
    expect(ods).toHaveLength(1);
    expect(ods[0].field).toBe('mapping.tarif_horaire');
    expect(ods[0].message).toMatch(
      /^unknown mapping key; known keys: items, id, name, .*, parkAndRide, publicTransportModes, price15min, .*, cargoBikeFree, maxHeightUnit, priceCurrency$/,
    );
    expect(load('{ id: ref, feeHasfee: payant }', 'csv-mapping').errors).toEqual([
      { sourceId: 'own-feed', field: 'mapping.feeHasfee', message: 'unknown mapping key; did you mean feeHasFee?' },
    ]);
  });

  it('maxHeightUnit is cm or m', () => {
    expect(load('{ id: ref, maxHeight: h, maxHeightUnit: cm }').errors).toEqual([]);
    expect(load('{ id: ref, maxHeight: h, maxHeightUnit: mm }').errors).toEqual([
      { sourceId: 'own-feed', field: 'mapping.maxHeightUnit', message: 'must be cm or m, not "mm"' },
    ]);
  });

  it('takes the price keys with priceCurrency, publicTransportModes and a capacity and free key per restricted kind', () => {
    const mapping =
      '{ id: ref, price30min: t30, price1h: tarif_1h, price24h: tarif_24h, priceCurrency: EUR, ' +
      'publicTransportModes: modes, maxStay: duree_max, womenCapacity: femmes, womenFree: femmes_libres, ' +
      'electricTwoWheelerCapacity: nb_2r_el, cargoBikeFree: cargo_libres }';
    const { sources, errors } = load(mapping, 'csv-mapping');
    expect(errors).toEqual([]);
    expect(sources[0]).toMatchObject({
      mapping: {
        price30min: 't30',
        price1h: 'tarif_1h',
        price24h: 'tarif_24h',
        priceCurrency: 'EUR',
        publicTransportModes: 'modes',
        maxStay: 'duree_max',
        womenCapacity: 'femmes',
        womenFree: 'femmes_libres',
        electricTwoWheelerCapacity: 'nb_2r_el',
        cargoBikeFree: 'cargo_libres',
      },
    });
  });

  it('a typo of those keys names the key meant; a price needs an ISO 4217 priceCurrency', () => {
    expect(
      load('{ id: ref, prices1h: t, priceCurrency: EUR, womenCapcity: f, publicTransportMode: m }').errors,
    ).toEqual([
      { sourceId: 'own-feed', field: 'mapping.prices1h', message: 'unknown mapping key; did you mean price1h?' },
      {
        sourceId: 'own-feed',
        field: 'mapping.womenCapcity',
        message: 'unknown mapping key; did you mean womenCapacity?',
      },
      {
        sourceId: 'own-feed',
        field: 'mapping.publicTransportMode',
        message: 'unknown mapping key; did you mean publicTransportModes?',
      },
    ]);
    expect(load('{ id: ref, price2h: t }').errors).toEqual([
      { sourceId: 'own-feed', field: 'mapping.priceCurrency', message: 'required with price2h (an ISO 4217 code)' },
    ]);
    expect(load('{ id: ref, price2h: t, priceCurrency: euro }').errors).toEqual([
      { sourceId: 'own-feed', field: 'mapping.priceCurrency', message: 'must be an ISO 4217 code (EUR), not "euro"' },
    ]);
  });

  it('a static reference mapping is checked the same way', () => {
    const { errors } = parseSources(
      [
        'sources:',
        '  - id: own-feed',
        '    kind: parking',
        '    format: parkapi',
        '    url: https://x.example/live.json',
        '    interval: 1m',
        '    static:',
        '      url: https://x.example/ref.json',
        '      format: json-mapping',
        '      mapping: { id: ref, operatorNmae: exploitant }',
      ].join('\n'),
      {},
      '/',
    );
    expect(errors).toEqual([
      {
        sourceId: 'own-feed',
        field: 'static.mapping.operatorNmae',
        message: 'unknown mapping key; did you mean operatorName?',
      },
    ]);
  });
});
