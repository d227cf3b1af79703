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
      /^unknown mapping key; known keys: items, id, name, .*, parkAndRide, maxHeightUnit$/,
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
