import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { normalizeParkings } from '../../../parking/parking-normalizer.js';
import { datex2Adapter } from './datex2.adapter.js';

/**
 * Every location form DATEX II 2.x and 3 allow for a parking record or facility. Coordinates are
 * copied by hand from the files and snippets below, not computed by the adapter's code.
 * Inline snippets marked "schema" are written after the DATEX II schemas (2.2/2.3 `Location`
 * with `locationForDisplay`, `Point`, `Area`, `GroupOfLocations`, `ParkingAccess/location`;
 * v3 `loc:` LocationReference with `coordinatesForDisplay`, `PointLocation`, `AreaLocation`),
 * not taken from operator files.
 */

const V2 = 'http://datex2.eu/schema/2/2_0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const V3_NS =
  'xmlns:par="http://datex2.eu/schema/3/parking" xmlns:com="http://datex2.eu/schema/3/common" ' +
  `xmlns:loc="http://datex2.eu/schema/3/locationReferencing" xmlns:xsi="${XSI}"`;

function parse(xml: string): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'test',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format: {},
  });
}

function fixture(name: string): ParkingParseResult {
  return datex2Adapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/datex2', name)), {
    sourceId: 'test',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format: {},
  });
}

/** A v2 GenericPublication wrapping `extension` (how German and British regional operators publish). */
function v2Generic(extension: string): string {
  return (
    `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}" modelBaseVersion="2">` +
    `<payloadPublication lang="en" xsi:type="GenericPublication">` +
    `<publicationTime>2025-01-01T10:00:00Z</publicationTime>` +
    `<genericPublicationExtension>${extension}</genericPublicationExtension>` +
    `</payloadPublication></d2LogicalModel>`
  );
}

/** A v2.3 ParkingTablePublication (native) with one record whose body is `inner`. */
function v2Table(inner: string): string {
  return (
    `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}"><payloadPublication xsi:type="ParkingTablePublication" lang="en">` +
    `<publicationTime>2025-01-01T10:00:00Z</publicationTime><parkingTable id="T" version="1">` +
    `<parkingRecord xsi:type="UrbanParkingSite" id="R1" version="1">${inner}</parkingRecord>` +
    `</parkingTable></payloadPublication></d2LogicalModel>`
  );
}

/** A v3 ParkingTablePublication in a bare payload with one record whose body is `inner`. */
function v3Table(inner: string): string {
  return (
    `<payload xmlns="http://datex2.eu/schema/3/d2Payload" ${V3_NS} xsi:type="par:ParkingTablePublication" lang="de">` +
    `<com:publicationTime>2025-01-01T10:00:00Z</com:publicationTime><par:parkingTable id="T" version="1">` +
    `<par:parkingRecord xsi:type="par:UrbanParkingSite" id="R3" version="1">${inner}</par:parkingRecord>` +
    `</par:parkingTable></payload>`
  );
}

const location = (result: ParkingParseResult): unknown => result.facilities.map((f) => [f.localId, f.location]);

describe('datex2 locations: 2.0 parkingFacilityTablePublication in a GenericPublication', () => {
  // Cambridgeshire County Council's CarPark (DATEX II 2.2) feed, as quoted in SmartCambridge/datafeeds.
  const result = fixture('cambridgeshire-parkingfacilitytable-v2-excerpt.xml');

  it('reads facilityLocation (an Area) by its locationForDisplay', () => {
    expect(result.facilities).toEqual([
      { localId: 'CAMB-CP001', kind: 'car-park', location: { lat: 52.2037277, lon: 0.12105903 }, capacity: 890 },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads the status of the same document, nested in its parkingAreaStatus', () => {
    expect(result.observations).toEqual([
      { localId: 'CAMB-CP001', status: 'open', observedAt: new Date('2019-06-11T17:48:01Z') },
    ]);
  });

  it('serves the car park placed, not location null with missing-location (the symptom of the issue)', () => {
    const { parkings } = normalizeParkings({
      sourceId: 'cambs',
      parsed: result,
      receivedAt: new Date('2019-06-11T17:00:00Z'),
      previous: new Map(),
      frozenAfterMs: 3_600_000,
    });
    expect(parkings.map((p) => [p.parking.id, p.parking.location, p.parking.status])).toEqual([
      ['cambs:CAMB-CP001', { lat: 52.2037277, lon: 0.12105903 }, 'open'],
    ]);
    expect(parkings[0]?.parking.quality).not.toContain('missing-location');
  });

  it('reads an entranceLocation by coordinates (Finnpark, quoted in osoc16/datex2-linker test.js)', () => {
    const finnpark =
      '<parkingFacilityTablePublication><parkingFacilityTable>' +
      '<parkingFacility id="FNPK.11" version="1.0"><parkingFacilityName>P-Plevna</parkingFacilityName>' +
      '<parkingFacilityRecordVersionTime>2015-03-05</parkingFacilityRecordVersionTime>' +
      '<carParkDetails><tag>Address</tag><value>Polttimokatu 5, 33210, Tampere</value></carParkDetails>' +
      '<entranceLocation><pointByCoordinates><pointCoordinates><latitude>61.501653</latitude>' +
      '<longitude>23.757688</longitude></pointCoordinates></pointByCoordinates></entranceLocation>' +
      '</parkingFacility></parkingFacilityTable></parkingFacilityTablePublication>';
    expect(location(parse(v2Generic(finnpark)))).toEqual([['FNPK.11', { lat: 61.501653, lon: 23.757688 }]]);
  });

  it('prefers facilityLocation over entranceLocation (schema)', () => {
    const both =
      '<parkingFacilityTablePublication><parkingFacilityTable><parkingFacility id="F2">' +
      '<entranceLocation><pointByCoordinates><pointCoordinates><latitude>48.1</latitude><longitude>9.1</longitude>' +
      '</pointCoordinates></pointByCoordinates></entranceLocation>' +
      '<facilityLocation xsi:type="Point"><locationForDisplay><latitude>48.2</latitude><longitude>9.2</longitude>' +
      '</locationForDisplay></facilityLocation>' +
      '</parkingFacility></parkingFacilityTable></parkingFacilityTablePublication>';
    expect(location(parse(v2Generic(both)))).toEqual([['F2', { lat: 48.2, lon: 9.2 }]]);
  });
});

describe('datex2 locations: v2.x ParkingTablePublication (schema)', () => {
  it('reads an Area parkingLocation that has only a locationForDisplay', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Area"><locationForDisplay><latitude>50.7763</latitude>' +
        '<longitude>6.0839</longitude></locationForDisplay></parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 50.7763, lon: 6.0839 }]]);
  });

  it('reads a TPEG area by its centrePoint', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Area"><tpegAreaLocation xsi:type="TpegGeometricArea">' +
        '<tpegAreaLocationType>largeArea</tpegAreaLocationType><centrePoint><latitude>51.05</latitude>' +
        '<longitude>13.74</longitude></centrePoint><radius>300</radius></tpegAreaLocation></parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 51.05, lon: 13.74 }]]);
  });

  it('reads a TPEG point (tpegPointLocation/point/pointCoordinates)', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Point"><tpegPointLocation xsi:type="TpegSimplePoint">' +
        '<tpegDirection>unknown</tpegDirection><tpegSimplePointLocationType>nonLinkedPoint</tpegSimplePointLocationType>' +
        '<point xsi:type="TpegNonJunctionPoint"><pointCoordinates><latitude>52.52</latitude><longitude>13.405</longitude>' +
        '</pointCoordinates></point></tpegPointLocation></parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 52.52, lon: 13.405 }]]);
  });

  it('reads a group of locations by its first member with a position', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="NonOrderedLocationGroupByList"><locationContainedInGroup xsi:type="Point">' +
        '<locationForDisplay><latitude>47.99</latitude><longitude>7.85</longitude></locationForDisplay>' +
        '</locationContainedInGroup></parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 47.99, lon: 7.85 }]]);
  });

  it('falls back to the entrance (parkingAccess/location) when parkingLocation has no position', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Point"><pointByCoordinates/></parkingLocation>' +
        '<parkingAccess id="A1"><accessCategory>vehicleEntrance</accessCategory><location xsi:type="Point">' +
        '<pointByCoordinates><pointCoordinates><latitude>49.4875</latitude><longitude>8.466</longitude>' +
        '</pointCoordinates></pointByCoordinates></location></parkingAccess>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 49.4875, lon: 8.466 }]]);
  });

  it('takes the display point of parkingLocation before a point further in', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Point"><locationForDisplay><latitude>50.1</latitude><longitude>8.6</longitude>' +
        '</locationForDisplay><pointByCoordinates><pointCoordinates><latitude>50.2</latitude><longitude>8.7</longitude>' +
        '</pointCoordinates></pointByCoordinates></parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R1', { lat: 50.1, lon: 8.6 }]]);
  });

  it('does not take an emergency assembly point or a route for the site itself', () => {
    const xml = v2Table(
      '<parkingLocation xsi:type="Point"/>' +
        '<emergencyAssemblyPoint xsi:type="Point"><pointByCoordinates><pointCoordinates><latitude>1</latitude>' +
        '<longitude>2</longitude></pointCoordinates></pointByCoordinates></emergencyAssemblyPoint>',
    );
    expect(location(parse(xml))).toEqual([['R1', undefined]]);
  });
});

describe('datex2 locations: v3 ParkingTablePublication', () => {
  it('reads loc:pointByCoordinates (Bietigheim-Bissingen shape, test/fixtures handwritten v3)', () => {
    const result = fixture('datex2-v3-parkingtable-handwritten.xml');
    expect(result.facilities.every((f) => f.location !== undefined)).toBe(true);
  });

  it('reads loc:coordinatesForDisplay (schema)', () => {
    const xml = v3Table(
      '<par:parkingLocation xsi:type="loc:PointLocation"><loc:coordinatesForDisplay><loc:latitude>48.9471</loc:latitude>' +
        '<loc:longitude>9.1318</loc:longitude></loc:coordinatesForDisplay></par:parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R3', { lat: 48.9471, lon: 9.1318 }]]);
  });

  it('warns of a display point that is no WGS84 point once, though two of the forms find it', () => {
    const result = parse(
      v3Table(
        '<par:parkingLocation xsi:type="loc:PointLocation"><loc:coordinatesForDisplay><loc:latitude>5402496.0</loc:latitude>' +
          '<loc:longitude>512788.0</loc:longitude></loc:coordinatesForDisplay></par:parkingLocation>',
      ),
    );
    expect(location(result)).toEqual([['R3', undefined]]);
    expect(result.warnings.map((w) => [w.code, w.ref])).toEqual([['INVALID_LOCATION', 'R3']]);
  });

  it('reads an AreaLocation given as a GML polygon by the mean of its vertices (schema)', () => {
    // DATEX II v3 GML posList: "lat lon" pairs; the ring repeats its first vertex at the end.
    const xml = v3Table(
      '<par:parkingLocation xsi:type="loc:AreaLocation"><loc:gmlMultiPolygon><loc:gmlPolygon><loc:exterior>' +
        '<loc:posList>48.0 9.0 48.0 9.2 48.2 9.2 48.2 9.0 48.0 9.0</loc:posList>' +
        '</loc:exterior></loc:gmlPolygon></loc:gmlMultiPolygon></par:parkingLocation>',
    );
    expect(location(parse(xml))).toEqual([['R3', { lat: 48.1, lon: 9.1 }]]);
  });
});
