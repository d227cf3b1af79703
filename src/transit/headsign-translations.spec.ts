import { pickLanguage, translateHeadsigns } from './headsign-translations.js';
import type { Departure } from './transit.model.js';

describe('pickLanguage', () => {
  it('takes the first preferred language the feed has: same tag, else same primary language', () => {
    expect(pickLanguage(['fr-CH', 'es'], ['es', 'fr'])).toBe('fr');
    expect(pickLanguage(['fr'], ['en', 'fr-FR'])).toBe('fr-FR');
    expect(pickLanguage(['de', 'es'], ['es', 'fr'])).toBe('es');
    expect(pickLanguage(['PT-br'], ['pt-BR', 'pt'])).toBe('pt-BR');
    expect(pickLanguage(['*'], ['fr'])).toBeUndefined();
    expect(pickLanguage(['de'], ['fr'])).toBeUndefined();
  });
});

describe('translateHeadsigns', () => {
  const d = (tripId: string, headsign: string | null): Departure =>
    ({ tripId: `ct:${tripId}`, headsign }) as unknown as Departure;
  const rows = [
    {
      tableName: 'trips',
      fieldName: 'trip_headsign',
      language: 'fr',
      translation: 'Gare',
      recordId: null,
      fieldValue: 'Station',
    },
    {
      tableName: 'trips',
      fieldName: 'trip_headsign',
      language: 'fr',
      translation: 'Vers le nord',
      recordId: '1',
      fieldValue: null,
    },
  ];
  it('a translation of the text first, else of the trip; without one the feed text stays', () => {
    const out = translateHeadsigns([d('1', 'Station'), d('1', 'North'), d('2', 'North'), d('3', null)], 'ct', rows, [
      'fr',
    ]);
    expect(out.map((x) => x.headsign)).toEqual(['Gare', 'Vers le nord', 'North', null]);
    expect(translateHeadsigns([d('1', 'Station')], 'ct', rows, ['es'])[0].headsign).toBe('Station');
  });
});
