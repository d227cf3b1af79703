import path from 'node:path';

/** Fixture paths and a sources.yaml for the transit integration tests (sources disabled: tests drive them by hand). */
export const fixture = (sub: string): string => path.join(process.cwd(), 'test/fixtures', sub);

export function transitSources(extra = ''): string {
  const gtfs = (id: string, file: string): string => `
  - id: ${id}
    kind: gtfs
    url: ${fixture(`gtfs/${file}`)}
    interval: 24h
    enabled: false`;
  const rt = (id: string, feed: string, urls: string): string => `
  - id: ${id}
    kind: gtfs-rt
    feed: ${feed}
    urls: { ${urls} }
    interval: 15s
    enabled: false`;
  const pb = (file: string): string => fixture(`gtfs-rt/${file}`);
  return `sources:${gtfs('caltrain', 'caltrain-gtfs.zip')}${gtfs('bart', 'bart-gtfs.zip')}${gtfs('usf', 'usf-bullrunner-gtfs.zip')}${rt(
    'caltrain-rt',
    'caltrain',
    `tripUpdates: ${pb('caltrain-tripupdates.pb')}, vehiclePositions: ${pb('caltrain-vehiclepositions.pb')}, alerts: ${pb('caltrain-alerts-empty.pb')}`,
  )}${rt('bart-rt', 'bart', `tripUpdates: ${pb('bart-tripupdates.pb')}, alerts: ${pb('bart-alerts.pb')}`)}${rt(
    'kcm-rt',
    'kcm',
    `vehiclePositions: ${pb('kcm-vehiclepositions.pb')}`,
  )}${rt('usf-rt', 'usf', `vehiclePositions: ${pb('usf-bullrunner-vehiclepositions.pb')}`)}${rt(
    'nyct-rt',
    'nyct',
    `tripUpdates: ${pb('mta-subway-mixed-empty-route-id.pb')}, vehiclePositions: ${pb('mta-subway-mixed-empty-route-id.pb')}, alerts: ${pb('mta-subway-mixed-empty-route-id.pb')}`,
  )}${extra}
`;
}
