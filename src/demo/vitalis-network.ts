/**
 * A small Vitalis-like bus network for the demo GTFS feed. Stop names are real
 * places in Poitiers at approximate positions; the lines, their paths and their
 * timetables are invented and are not Vitalis's.
 */

export interface DemoStop {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export interface DemoLine {
  id: string;
  shortName: string;
  longName: string;
  color: string;
  textColor: string;
  /** Stops in direction 0; direction 1 runs them backwards. */
  stopIds: readonly string[];
  headwayMinutes: number;
  /** First departure of each direction, minutes after midnight. */
  firstDepartureMinutes: readonly [number, number];
}

export const DEMO_AGENCY = {
  id: 'VITALIS_DEMO',
  name: 'Vitalis (démonstration)',
  url: 'https://example.com/mobility-hub-demo',
  timezone: 'Europe/Paris',
  lang: 'fr',
} as const;

export const DEMO_SERVICE_ID = 'TOUS_LES_JOURS';

/** Last trip start, in minutes after the service day's midnight (24:30). */
export const LAST_DEPARTURE_MINUTES = 24 * 60 + 30;

/**
 * Between the day's last trip and the next day's first, each line and direction runs every this
 * many minutes (a simulated night service: live vehicles and delays show at any hour).
 */
export const NIGHT_HEADWAY_MINUTES = 10;

export const DEMO_STOPS: readonly DemoStop[] = [
  { id: 'GARE', name: 'Gare', lat: 46.5821, lon: 0.3335 },
  { id: 'HOTEL_DE_VILLE', name: 'Hôtel de Ville', lat: 46.5804, lon: 0.3401 },
  { id: 'NOTRE_DAME', name: 'Notre-Dame', lat: 46.584, lon: 0.3446 },
  { id: 'CATHEDRALE', name: 'Cathédrale', lat: 46.5806, lon: 0.3497 },
  { id: 'PONT_NEUF', name: 'Pont-Neuf', lat: 46.5799, lon: 0.3533 },
  { id: 'CAMPUS', name: 'Campus Université', lat: 46.5695, lon: 0.38 },
  { id: 'CHU_MILETRIE', name: 'CHU Milétrie', lat: 46.5602, lon: 0.3787 },
  { id: 'PORTE_DE_PARIS', name: 'Porte de Paris', lat: 46.59, lon: 0.349 },
  { id: 'PALAIS_DE_JUSTICE', name: 'Palais de Justice', lat: 46.5858, lon: 0.3505 },
  { id: 'BLOSSAC', name: 'Blossac', lat: 46.5748, lon: 0.3383 },
  { id: 'TROIS_CITES', name: 'Trois Cités', lat: 46.5655, lon: 0.33 },
  { id: 'COURONNERIES', name: 'Couronneries', lat: 46.5905, lon: 0.364 },
];

export const DEMO_LINES: readonly DemoLine[] = [
  {
    id: 'L1',
    shortName: '1',
    longName: 'Gare ↔ CHU Milétrie',
    color: '0072BC',
    textColor: 'FFFFFF',
    stopIds: ['GARE', 'HOTEL_DE_VILLE', 'NOTRE_DAME', 'CATHEDRALE', 'PONT_NEUF', 'CAMPUS', 'CHU_MILETRIE'],
    headwayMinutes: 10,
    firstDepartureMinutes: [6 * 60, 6 * 60 + 5],
  },
  {
    id: 'L2',
    shortName: '2',
    longName: 'Porte de Paris ↔ Trois Cités',
    color: 'E2001A',
    textColor: 'FFFFFF',
    stopIds: ['PORTE_DE_PARIS', 'PALAIS_DE_JUSTICE', 'NOTRE_DAME', 'HOTEL_DE_VILLE', 'BLOSSAC', 'TROIS_CITES'],
    headwayMinutes: 12,
    firstDepartureMinutes: [6 * 60 + 2, 6 * 60 + 8],
  },
  {
    id: 'L3',
    shortName: '3',
    longName: 'Couronneries ↔ Gare',
    color: '00A651',
    textColor: 'FFFFFF',
    stopIds: ['COURONNERIES', 'PONT_NEUF', 'CATHEDRALE', 'HOTEL_DE_VILLE', 'GARE'],
    headwayMinutes: 15,
    firstDepartureMinutes: [6 * 60 + 4, 6 * 60 + 11],
  },
];
