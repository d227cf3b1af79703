/**
 * Prints live updates from a running hub.
 *
 *   npm run example:subscribe -- --near 46.58,0.34 --radius 800
 *   npm run example:subscribe -- --bbox 0.33,46.57,0.35,46.59 --sources
 *   npm run example:subscribe -- --parkings demo-poitiers:1,demo-poitiers:3 --url http://127.0.0.1:3000
 *   (without --url: $HUB_URL, else http://127.0.0.1:3000)
 *   npm run example:subscribe -- --stops vitalis:1001 --routes vitalis:1 --alerts --api-key mh_...
 *
 * It reconnects by itself and resumes from the last cursor it saw (missed events are replayed;
 * after more than the replay window it gets a fresh snapshot instead).
 */
import { parseArgs } from 'node:util';
import { connectLive, followLive } from '../src/live/live-client.js';
import type { LiveParking, SubscribeRequest } from '../src/live/live-protocol.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.HUB_URL ?? 'http://127.0.0.1:3000' },
    near: { type: 'string' },
    radius: { type: 'string', default: '800' },
    bbox: { type: 'string' },
    parkings: { type: 'string' },
    stops: { type: 'string' },
    routes: { type: 'string' },
    alerts: { type: 'boolean', default: false },
    sources: { type: 'boolean', default: false },
    'api-key': { type: 'string' },
    for: { type: 'string' },
  },
});

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const numbers = (value: string) => value.split(',').map(Number);

function request(): Omit<SubscribeRequest, 'since'> {
  const r: Omit<SubscribeRequest, 'since'> = {};
  if (values.near !== undefined) {
    const [lat, lon] = numbers(values.near);
    r.area = { near: { lat, lon }, radius: Number(values.radius) };
  } else if (values.bbox !== undefined) {
    const [minLon, minLat, maxLon, maxLat] = numbers(values.bbox);
    r.area = { bbox: [minLon, minLat, maxLon, maxLat] };
  }
  if (values.parkings !== undefined) r.parkings = list(values.parkings);
  if (values.stops !== undefined) r.stops = list(values.stops);
  if (values.routes !== undefined) r.routes = list(values.routes);
  if (values.alerts) r.alerts = true;
  if (values.sources) r.sources = true;
  return r;
}

const time = () => new Date().toISOString().slice(11, 19);
const describe = (p: LiveParking) =>
  `${p.name ?? p.id}: ${p.free ?? '?'}/${p.capacity ?? '?'} free, ${p.status}` +
  (p.distance === undefined ? '' : `, ${p.distance} m`);

const subscription = request();
if (Object.keys(subscription).length === 0) {
  console.error(
    'nothing to subscribe to: give --near lat,lon [--radius m], --bbox, --parkings, --stops, --routes, --alerts or --sources',
  );
  process.exit(2);
}

const socket = connectLive(values.url, { apiKey: values['api-key'] });
socket.on('connect', () => console.log(`${time()} connected to ${values.url}/live`));
socket.on('disconnect', (reason) => console.log(`${time()} disconnected (${reason}), reconnecting...`));
socket.on('connect_error', (error: Error & { data?: { code?: string } }) =>
  console.error(`${time()} cannot connect: ${error.data?.code ?? ''} ${error.message}`),
);

followLive(socket, subscription, {
  ready(ack) {
    if (ack.resumed) return console.log(`${time()} resumed after ${ack.cursor}: missed events follow`);
    const s = ack.snapshot;
    console.log(`${time()} subscribed (${ack.subscription}, cursor ${ack.cursor})`);
    for (const p of s.parkings ?? []) console.log(`  ${describe(p)}`);
    for (const h of s.sources ?? []) console.log(`  source ${h.id}: ${h.status}`);
    if (s.departures !== undefined) console.log(`  ${s.departures.length} departures`);
    if (s.vehicles !== undefined) console.log(`  ${s.vehicles.length} vehicles`);
    if (s.alerts !== undefined) console.log(`  ${s.alerts.length} alerts`);
  },
  error: (error) => console.error(`${time()} ${error.message}`),
  parking: (e) => console.log(`${time()} parking  ${describe(e.parking)}  [${e.cursor}]`),
  departures: (e) =>
    console.log(
      `${time()} departures ${e.stopId}: ${e.departures
        .slice(0, 3)
        .map((d) => `${d.route.shortName ?? d.route.id} ${(d.estimatedTime ?? d.scheduledTime).slice(11, 16)}`)
        .join(', ')}  [${e.cursor}]`,
    ),
  vehicle: (e) =>
    console.log(
      `${time()} vehicle  ${e.vehicle.id} route ${e.vehicle.routeId} at ${e.vehicle.location.lat},${e.vehicle.location.lon}  [${e.cursor}]`,
    ),
  alert: (e) =>
    console.log(`${time()} alert    ${e.removed ? 'ended' : 'active'}: ${e.alert.header ?? e.alert.id}  [${e.cursor}]`),
  source: (e) => console.log(`${time()} source   ${e.source.id}: ${e.source.status}  [${e.cursor}]`),
});

if (values.for !== undefined) {
  setTimeout(
    () => {
      socket.disconnect();
      process.exit(0);
    },
    Number(values.for) * 1_000,
  );
}
