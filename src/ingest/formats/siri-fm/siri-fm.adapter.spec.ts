import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { siriFmAdapter } from './siri-fm.adapter.js';

const fixture = (dir: string, name: string): Buffer =>
  readFileSync(path.join(process.cwd(), 'test/fixtures', dir, name));

function parse(bytes: Buffer | string, format: ParkingFormatOptions = {}): ParkingParseResult {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return siriFmAdapter.parse(buffer, {
    sourceId: 'test',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format,
  });
}

function parseError(bytes: Buffer | string): ParseException {
  try {
    parse(bytes);
  } catch (error) {
    if (error instanceof ParseException) return error;
    throw error;
  }
  throw new Error('expected a ParseException');
}

/** A SIRI 2.1 FacilityMonitoringDelivery around `conditions`. */
function delivery(conditions: string): string {
  return (
    '<Siri version="2.1" xmlns="http://www.siri.org.uk/siri"><ServiceDelivery>' +
    '<ResponseTimestamp>2025-01-01T10:00:00Z</ResponseTimestamp><FacilityMonitoringDelivery>' +
    `<ResponseTimestamp>2025-01-01T09:59:30Z</ResponseTimestamp>${conditions}` +
    '</FacilityMonitoringDelivery></ServiceDelivery></Siri>'
  );
}

const counting = (type: string, count: string, unit = 'bays'): string =>
  `<MonitoredCounting><CountingType>${type}</CountingType><CountedFeatureUnit>${unit}</CountedFeatureUnit><Count>${count}</Count></MonitoredCounting>`;

describe('siriFmAdapter on the South Tyrol FacilityMonitoringDelivery', () => {
  const result = parse(fixture('siri', 'siri-fm-parking-south-tyrol.xml'));
  const observedAt = new Date('2024-07-17T11:07:40Z');

  it('reads 4 conditions, no facilities, no warnings', () => {
    expect(result.observations).toHaveLength(4);
    expect(result.facilities).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(observedAt);
  });

  it('reads presentCount as occupied, leaving free unknown for the available car park', () => {
    expect(result.observations[0]).toEqual({
      localId: 'IT:ITH10:Parking:105',
      occupied: 33,
      status: 'open',
      observedAt,
    });
  });

  it('reads notAvailable as full with free 0, presentCount still occupied', () => {
    expect(result.observations.slice(1)).toEqual([
      {
        localId: 'IT:ITH10:Parking:TRENTO_areaexsitviacanestrinip1',
        free: 0,
        occupied: 300,
        status: 'full',
        observedAt,
      },
      {
        localId: 'IT:ITH10:Parking:TRENTO_autosilobuonconsigliop3',
        free: 0,
        occupied: 633,
        status: 'full',
        observedAt,
      },
      {
        localId: 'IT:ITH10:Parking:TRENTO_cteviabomportop6',
        free: 0,
        occupied: 250,
        status: 'full',
        observedAt,
      },
    ]);
  });

  it('lets a source map notAvailable to closed instead', () => {
    const closed = parse(fixture('siri', 'siri-fm-parking-south-tyrol.xml'), {
      statusValues: { closed: ['notAvailable'] },
    });
    expect(closed.observations.map((o) => o.status)).toEqual(['open', 'closed', 'closed', 'closed']);
  });
});

describe('siriFmAdapter on other content', () => {
  it('refuses the SIRI SituationExchange file with a clear message', () => {
    expect(parseError(fixture('siri', 'siri-lite-sx-south-tyrol.xml')).message).toBe(
      'not a FacilityMonitoringDelivery: the SIRI ServiceDelivery holds SituationExchangeDelivery',
    );
  });

  it('refuses a non-SIRI document', () => {
    expect(parseError(fixture('datex2', 'vrs-bondorf-pr-parkingstatus-v2.xml')).message).toBe(
      'not a SIRI document: root element <d2LogicalModel>',
    );
  });

  it('refuses truncated SIRI', () => {
    const full = fixture('siri', 'siri-fm-parking-south-tyrol.xml');
    expect(parseError(full.subarray(0, 1200)).message).toMatch(/^malformed XML/);
  });
});

describe('siriFmAdapter: counting types, facility descriptions and bad conditions', () => {
  it('reads availabilityCount as free and ignores counts in other units', () => {
    const result = parse(
      delivery(
        '<FacilityCondition><FacilityRef>CH:P1</FacilityRef><FacilityStatus><Status>partiallyAvailable</Status></FacilityStatus>' +
          counting('availabilityCount', '7') +
          counting('presentCount', '93') +
          counting('availabilityCount', '40', 'kWh') +
          '</FacilityCondition>',
      ),
    );
    expect(result.observations).toEqual([
      {
        localId: 'CH:P1',
        free: 7,
        occupied: 93,
        status: 'open',
        observedAt: new Date('2025-01-01T09:59:30Z'),
      },
    ]);
    expect(result.publishedAt).toEqual(new Date('2025-01-01T10:00:00Z'));
  });

  it('reads the facility name and position from an inline Facility description', () => {
    const result = parse(
      delivery(
        '<FacilityCondition><Facility><FacilityCode>P7</FacilityCode><Description xml:lang="de">Parkhaus Süd</Description>' +
          '<FacilityLocation><Location><Longitude>11.35</Longitude><Latitude>46.49</Latitude></Location></FacilityLocation>' +
          '</Facility><FacilityStatus><Status>available</Status></FacilityStatus></FacilityCondition>',
      ),
    );
    expect(result.facilities).toEqual([
      {
        localId: 'P7',
        name: 'Parkhaus Süd',
        location: { lat: 46.49, lon: 11.35 },
      },
    ]);
    expect(result.observations).toEqual([
      {
        localId: 'P7',
        status: 'open',
        observedAt: new Date('2025-01-01T09:59:30Z'),
      },
    ]);
  });

  it('warns and skips a condition without id, warns on unknown status and bad counts', () => {
    const result = parse(
      delivery(
        '<FacilityCondition><FacilityStatus><Status>available</Status></FacilityStatus></FacilityCondition>' +
          '<FacilityCondition><FacilityRef>X</FacilityRef><FacilityStatus><Status>bogus</Status></FacilityStatus>' +
          counting('presentCount', 'lots') +
          '</FacilityCondition>',
      ),
    );
    expect(result.observations).toEqual([
      {
        localId: 'X',
        status: 'unknown',
        observedAt: new Date('2025-01-01T09:59:30Z'),
      },
    ]);
    expect(result.warnings).toEqual([
      {
        code: 'MISSING_ID',
        message: 'FacilityCondition without FacilityRef or Facility/FacilityCode skipped',
        ref: 'FacilityCondition[0]',
      },
      {
        code: 'INVALID_NUMBER',
        message: 'Count "lots" is not an integer',
        ref: 'X',
      },
      {
        code: 'UNKNOWN_STATUS',
        message: 'unknown SIRI FacilityStatus "bogus"',
        ref: 'X',
      },
    ]);
  });
});

describe("siriFmAdapter: names of Object.prototype's keys are unknown values (values written here)", () => {
  // constructor, toString, __proto__, hasOwnProperty...: a table lookup must not take them for known ones.
  const inherited = Object.getOwnPropertyNames(Object.prototype);
  const condition = (status: string, dayType: string): string =>
    delivery(
      '<FacilityCondition><Facility><FacilityCode>P1</FacilityCode><Description>P 1</Description><ValidityCondition>' +
        `<Timeband><StartTime>06:00:00</StartTime><EndTime>22:00:00</EndTime></Timeband><DayType>${dayType}</DayType>` +
        `</ValidityCondition></Facility><FacilityStatus><Status>${status}</Status></FacilityStatus>` +
        counting('availabilityCount', '4') +
        '</FacilityCondition>',
    );

  it('a Status is an unknown status, warned of, with or without statusValues', () => {
    for (const name of inherited) {
      for (const format of [{}, { statusValues: { closed: ['gesperrt'] } }]) {
        const result = parse(condition(name, 'monday'), format);
        expect(result.observations[0]?.status).toBe('unknown');
        expect(result.warnings).toEqual([
          { code: 'UNKNOWN_STATUS', message: `unknown SIRI FacilityStatus "${name}"`, ref: 'P1' },
        ]);
      }
    }
  });

  it('a DayType is no day: the opening hours are not read', () => {
    expect(parse(condition('available', 'monday')).facilities[0]?.openingHours).toBe('Mo 06:00-22:00');
    for (const name of inherited) {
      expect(parse(condition('available', name)).facilities).toEqual([{ localId: 'P1', name: 'P 1' }]);
    }
  });
});
