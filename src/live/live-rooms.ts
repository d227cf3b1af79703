import { cellOf } from './geo-cells.js';

/**
 * Room names, shared by subscriptions (which join them) and events (which are sent to them).
 * A room narrows the candidates; each candidate is still checked exactly before delivery.
 */
export const ALERTS_ROOM = 'alerts';
export const SOURCES_ROOM = 'sources';
/** Every parking event goes here too, for `allParkings` subscriptions. */
export const PARKINGS_ROOM = 'parkings';

export const parkingRoom = (id: string): string => `parking:${id}`;
export const cellRoom = (cell: string): string => `cell:${cell}`;
export const pointRoom = (lat: number, lon: number): string => cellRoom(cellOf(lat, lon));
export const stopRoom = (id: string): string => `stop:${id}`;
export const routeRoom = (id: string): string => `route:${id}`;
