import { seededRandom } from '../rest/seeded-random.js';

/**
 * A deterministic ParkAPI v1 city snapshot (`{ last_downloaded, last_updated, lots: [...] }`, the
 * shape of test/fixtures/parkapi/parkapi-v1-herrenberg.json) with any number of lots, so the
 * ingest benchmark feeds the real parkapi adapter bytes an operator could serve.
 */
const LOT_TYPES = ['Parkhaus', 'Tiefgarage', 'Parkplatz', 'Park-Ride'];

interface V1Lot {
  id: string;
  lot_type: string;
  address: string;
  name: string;
  forecast: boolean;
  state: string;
  coords: { lat: number; lng: number };
  total: number;
  free: number;
  url: string;
  opening_hours: string;
}

export class ParkApiCity {
  readonly lots: V1Lot[];
  private readonly random: () => number;

  constructor(size: number, seed: number) {
    this.random = seededRandom(seed);
    this.lots = Array.from({ length: size }, (_, i) => this.lot(i));
  }

  /** Gives `count` distinct lots a new free count (always different from the old one); returns their ids. */
  changeSome(count: number): string[] {
    const picked = new Set<number>();
    while (picked.size < count) picked.add(Math.floor(this.random() * this.lots.length));
    return [...picked].map((i) => {
      const lot = this.lots[i];
      lot.free = (lot.free + 1 + Math.floor(this.random() * lot.total)) % (lot.total + 1);
      return lot.id;
    });
  }

  /** The snapshot as served: ParkAPI v1 times are UTC without an offset. */
  bytes(updatedAt: Date, downloadedAt: Date): Buffer {
    const payload = {
      data_source: 'https://bench.invalid/parkapi-v1',
      last_downloaded: downloadedAt.toISOString().slice(0, -1),
      last_updated: updatedAt.toISOString().slice(0, -1),
      lots: this.lots,
    };
    return Buffer.from(JSON.stringify(payload), 'utf8');
  }

  private lot(i: number): V1Lot {
    const total = 20 + Math.floor(this.random() * 980);
    return {
      id: `lot-${String(i).padStart(5, '0')}`,
      lot_type: LOT_TYPES[i % LOT_TYPES.length],
      address: `${1 + (i % 200)} Benchmarkstraße, 7${String(i % 10_000).padStart(4, '0')} Teststadt`,
      name: `Parkhaus ${i} Teststadt`,
      forecast: false,
      state: 'open',
      coords: { lat: 47 + this.random() * 7, lng: 6 + this.random() * 9 },
      total,
      free: Math.floor(this.random() * (total + 1)),
      url: `https://bench.invalid/lots/${i}`,
      opening_hours: 'Mo-Su 00:00-24:00',
    };
  }
}
