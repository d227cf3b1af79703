import { toLiveEvent } from './live-event.js';

const entry = (cursor: string, type: string, id: string, data: unknown) => ({
  cursor,
  fields: ['type', type, 'id', id, 'data', typeof data === 'string' ? data : JSON.stringify(data)],
});

const parking = {
  id: 'grand-poitiers:1',
  source: 'grand-poitiers',
  name: 'NOTRE DAME',
  kind: 'car-park',
  location: { lat: 46.58349874703973, lon: 0.3450022616476489 },
  capacity: 146,
  free: 12,
};

describe('toLiveEvent', () => {
  it('a parking change goes to its id room and its grid cell, payload as docs/interface.md § Live feed says', () => {
    const event = toLiveEvent(entry('1795860067185-3', 'parking', parking.id, parking));
    expect(event).toMatchObject({
      name: 'parking',
      cursor: '1795860067185-3',
      key: { ms: 1795860067185, seq: 3 },
      entity: 'parking:grand-poitiers:1',
      payload: { cursor: '1795860067185-3', parking: { id: 'grand-poitiers:1', free: 12 } },
    });
    expect(event?.routing.rooms).toEqual(['parking:grand-poitiers:1', 'cell:9316:69', 'parkings']);
  });

  it('a parking that moved also goes to the cell it left', () => {
    const before = { lat: 46.5793235337795, lon: 0.3 };
    const event = toLiveEvent(entry('1-0', 'parking', parking.id, parking), () => before);
    expect(event?.routing.rooms).toEqual(['parking:grand-poitiers:1', 'cell:9316:69', 'cell:9315:60', 'parkings']);
    expect(event?.routing.locations).toEqual([parking.location, before]);
  });

  it('departures go to the stop and to every route they list', () => {
    const departures = [
      { stopId: 'vitalis:s1', route: { id: 'vitalis:1' }, tripId: 't1' },
      { stopId: 'vitalis:s1', route: { id: 'vitalis:2A' }, tripId: 't2' },
      { stopId: 'vitalis:s1', route: { id: 'vitalis:1' }, tripId: 't3' },
    ];
    const event = toLiveEvent(entry('2-0', 'departures', 'vitalis:s1', { stopId: 'vitalis:s1', departures }));
    expect(event?.payload).toEqual({ cursor: '2-0', stopId: 'vitalis:s1', departures });
    expect(event?.routing.rooms).toEqual(['stop:vitalis:s1', 'route:vitalis:1', 'route:vitalis:2A']);
  });

  it('a vehicle goes to its route; an alert to everyone subscribed to alerts, its routes and stops', () => {
    const vehicle = toLiveEvent(entry('3-0', 'vehicle', 'vitalis:bus7', { id: 'vitalis:bus7', routeId: 'vitalis:1' }));
    expect(vehicle?.routing.rooms).toEqual(['route:vitalis:1']);
    const alert = { id: 'vitalis:a1', routes: ['vitalis:1'], stops: ['vitalis:s9'] };
    const event = toLiveEvent(entry('4-0', 'alert', 'vitalis:a1', { alert, removed: true }));
    expect(event?.payload).toEqual({ cursor: '4-0', alert, removed: true });
    expect(event?.routing).toMatchObject({
      rooms: ['alerts', 'route:vitalis:1', 'stop:vitalis:s9'],
      everyone: 'alerts',
    });
  });

  it('a source health change goes to the sources room', () => {
    const event = toLiveEvent(entry('5-0', 'source', 'grand-poitiers', { id: 'grand-poitiers', status: 'down' }));
    expect(event?.payload).toEqual({ cursor: '5-0', source: { id: 'grand-poitiers', status: 'down' } });
    expect(event?.routing.rooms).toEqual(['sources']);
  });

  it('skips unknown types and malformed entries', () => {
    expect(toLiveEvent(entry('6-0', 'weather', 'x', { a: 1 }))).toBeUndefined();
    expect(toLiveEvent(entry('6-1', 'parking', 'x', '{"id": '))).toBeUndefined();
    expect(toLiveEvent(entry('6-2', 'parking', 'x', '[1,2]'))).toBeUndefined();
    expect(toLiveEvent(entry('not-a-cursor', 'parking', 'x', parking))).toBeUndefined();
    expect(toLiveEvent({ cursor: '6-3', fields: ['type', 'parking'] })).toBeUndefined();
    expect(toLiveEvent(entry('6-4', 'alert', 'a', { removed: true }))).toBeUndefined();
  });
});
