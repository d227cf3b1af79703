import { Readable } from 'node:stream';
import { emptyOutcome, GtfsCopyStream, type FileOutcome } from './gtfs-csv.stream.js';
import { fileSpec } from './gtfs-files.js';

/** Feeds `bytes` to the stream cut into `size`-byte chunks; returns the COPY text and the outcome. */
async function load(file: string, bytes: Buffer, size: number): Promise<{ copy: string; outcome: FileOutcome }> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const outcome = emptyOutcome();
  const stream = Readable.from(chunks).pipe(new GtfsCopyStream(fileSpec(file)!, outcome));
  let copy = '';
  for await (const chunk of stream) copy += (chunk as Buffer).toString('utf8');
  return { copy, outcome };
}

describe('GTFS CSV to COPY text, chunk by chunk', () => {
  const stops = Buffer.from(
    '\uFEFFstop_id,stop_name,stop_lat,stop_lon\r\n' +
      'S1,Hôtel de Ville,46.58,0.34\r\n' +
      '\r\n' +
      'S2,"Gare, quai\nnord",46.58,0.33\r\n' +
      'S3,Tab\there,91.5,0.33\r\n' +
      'S4,"Back\\slash ""quoted""",46.5,0.3\n' +
      'S5,La\tst,46.5,0.3',
  );

  it('gives the same rows, escapes and bad-row lines whatever the chunk size (BOM, CRLF, quotes, UTF-8)', async () => {
    const whole = await load('stops.txt', stops, stops.length);
    expect(whole.copy).toBe(
      'S1\t\\N\tHôtel de Ville\t46.58\t0.34\t0\t\\N\t\\N\t\\N\n' +
        'S2\t\\N\tGare, quai\\nnord\t46.58\t0.33\t0\t\\N\t\\N\t\\N\n' +
        'S4\t\\N\tBack\\\\slash "quoted"\t46.5\t0.3\t0\t\\N\t\\N\t\\N\n' +
        'S5\t\\N\tLa\\tst\t46.5\t0.3\t0\t\\N\t\\N\t\\N\n',
    );
    expect(whole.outcome.accepted).toBe(4);
    expect(whole.outcome.bad).toEqual({ count: 1, samples: [{ line: 6, reason: 'stop_lat out of range: 91.5' }] });
    // Every cut: inside the BOM, inside "ô" (two bytes), inside the quoted line break, between \r and \n.
    for (const size of [1, 2, 3, 7, 16]) {
      const cut = await load('stops.txt', stops, size);
      expect(cut.copy).toBe(whole.copy);
      expect(cut.outcome).toEqual(whole.outcome);
    }
  });

  it('counts lines in chunks without quotes too, and keeps times past 24:00', async () => {
    const text =
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence\n' +
      'T1,24:10:00,24:10:30,S1,1\n' +
      'T1,25:00:00,,S2,x\n' +
      '\n' +
      'T1,25:10:00,,S3,3\n';
    const { copy, outcome } = await load('stop_times.txt', Buffer.from(text), 10);
    // shape_dist_traveled is the last column (absent here: \N)
    expect(copy).toBe('T1\t1\tS1\t87000\t87030\t\\N\t\\N\t\\N\t\\N\nT1\t3\tS3\t90600\t90600\t\\N\t\\N\t\\N\t\\N\n');
    expect(outcome.bad.samples).toEqual([{ line: 3, reason: 'stop_sequence: not an integer: "x"' }]);
    expect(outcome.maxTime).toBe(90600);
  });

  it('reads files whose lines end with \\r alone', async () => {
    const text = 'service_id,date,exception_type\rWK,20261225,2\rWE,20261225,3\rWE,20261226,1\r';
    for (const size of [1, 4, text.length]) {
      const { copy, outcome } = await load('calendar_dates.txt', Buffer.from(text), size);
      expect(copy).toBe('WK\t20261225\t2\nWE\t20261226\t1\n');
      expect(outcome.bad.samples).toEqual([{ line: 3, reason: 'exception_type must be 1 or 2, got 3' }]);
    }
  });

  it('refuses a file whose quoted field never closes, naming the line where it opens', async () => {
    const text = 'stop_id,stop_name,stop_lat,stop_lon\nS1,ok,46.5,0.3\nS2,"never closed,46.5,0.3\nS3,x,46.5,0.3\n';
    await expect(load('stops.txt', Buffer.from(text), 8)).rejects.toThrow('stops.txt:3: quoted field never closed');
    const long = `${text.slice(0, 55)}${'x'.repeat(1.5 * 1024 * 1024)}`;
    await expect(load('stops.txt', Buffer.from(long), 64 * 1024)).rejects.toThrow(
      'stops.txt:3: row longer than 1 MB (a quoted field never closed?)',
    );
  });
});
