import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXPLORE_MAX_WINDOW, opendatasoftPaging } from '../opendatasoft/opendatasoft-paging.js';
import { parkapiPaging } from '../parkapi/parkapi-paging.js';

const json = (dir: string, name: string): unknown =>
  JSON.parse(readFileSync(path.join(process.cwd(), 'test/fixtures', dir, name), 'utf8')) as unknown;
const V1 = 'https://data.strasbourg.eu/api/records/1.0/search/?dataset=occupation-parkings-temps-reel&rows=10';

describe('opendatasoftPaging', () => {
  it('records API v1 (Strasbourg, nhits 28, 10 records): the next page starts at 10', () => {
    const read = opendatasoftPaging.read(
      json('opendatasoft', 'strasbourg-occupation-parkings-temps-reel.json'),
      new URL(V1),
    );
    expect(read).toMatchObject({ listKey: 'records', total: 28, next: `${V1}&start=10` });
    expect(read?.items).toHaveLength(10);
    // The third page of 28: 20 + 8 records, no fourth.
    const third = { nhits: 28, records: new Array(8).fill({}) };
    expect(opendatasoftPaging.read(third, new URL(`${V1}&start=20`))?.next).toBeUndefined();
  });

  it('the missing-fields variant holds all its 30 records: no next page', () => {
    const read = opendatasoftPaging.read(
      json('opendatasoft', 'strasbourg-occupation-parkings-temps-reel-missing-fields.json'),
      new URL(`${V1}&start=0`),
    );
    expect(read).toMatchObject({ total: 30 });
    expect(read?.next).toBeUndefined();
  });

  it('Explore v2.1: offset + the page, under total_count and inside the 10,000 window', () => {
    const url = new URL('https://o.example/api/explore/v2.1/catalog/datasets/d/records?limit=100&where=a');
    const page = (n: number, total: number): unknown => ({ total_count: total, results: new Array(n).fill({}) });
    expect(opendatasoftPaging.read(page(100, 250), url)?.next).toBe(`${url.href}&offset=100`);
    const last = new URL(`${url.href}&offset=200`);
    expect(opendatasoftPaging.read(page(50, 250), last)?.next).toBeUndefined();
    expect(opendatasoftPaging.read(page(0, 250), url)?.next).toBeUndefined();
    const edge = new URL(`${url.href}&offset=${EXPLORE_MAX_WINDOW - 100}`);
    const stopped = opendatasoftPaging.read(page(100, 20_000), edge);
    expect(stopped?.next).toBeUndefined();
    expect(stopped?.stop).toMatch(/at most 10000 records through \/records \(total_count 20000\)/);
  });

  it('data-fair follows its own next link; a bare array is not paged', () => {
    const url = new URL('https://df.example/data-fair/api/v1/datasets/p/lines?size=2');
    const read = opendatasoftPaging.read(
      { total: 5, results: [{}, {}], next: '/data-fair/api/v1/datasets/p/lines?after=2' },
      url,
    );
    expect(read?.next).toBe('https://df.example/data-fair/api/v1/datasets/p/lines?after=2');
    expect(opendatasoftPaging.read([{}, {}], url)).toBeUndefined();
  });
});

describe('parkapiPaging (ParkAPI v3 paginated_api_response)', () => {
  const url = new URL('https://api.example/park-api/api/public/v3/parking-sites?limit=2');

  it('the v3 fixture without next fields is one page', () => {
    const read = parkapiPaging.read(json('parkapi', 'parkapi-v3-parking-sites-handwritten.json'), url);
    expect(read).toMatchObject({ listKey: 'items', total: 5 });
    expect(read?.next).toBeUndefined();
  });

  it('next_id sets start on the polled URL (its proxy prefix kept), next_offset offset, next_path alone is followed', () => {
    const items = [{ id: 1 }, { id: 2 }];
    expect(
      parkapiPaging.read(
        { items, total_count: 5, next_id: 3, next_path: '/api/public/v3/parking-sites?start=3&limit=2' },
        url,
      )?.next,
    ).toBe('https://api.example/park-api/api/public/v3/parking-sites?limit=2&start=3');
    expect(parkapiPaging.read({ items, next_offset: 2 }, url)?.next).toBe(`${url.href}&offset=2`);
    expect(parkapiPaging.read({ items, next_path: '/v3/parking-sites?start=3&limit=2' }, url)?.next).toBe(
      'https://api.example/v3/parking-sites?start=3&limit=2',
    );
    expect(parkapiPaging.read({ items: [], next_id: 3 }, url)?.next).toBeUndefined();
    expect(parkapiPaging.read({ lots: [] }, url)).toBeUndefined();
  });
});
