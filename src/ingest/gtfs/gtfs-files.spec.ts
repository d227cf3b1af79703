import { copyLine, fileSpec, RowConverter } from './gtfs-files.js';

describe('GTFS rows to COPY lines', () => {
  const stopTimes = fileSpec('stop_times.txt')!;
  const header = ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'pickup_type'];

  it('converts times to seconds and fills a missing departure from the arrival', () => {
    const row = new RowConverter(stopTimes, header).convert(['501', '25:07:00', '', '70261', '2', '0']);
    expect(row).toEqual({ cells: ['501', '2', '70261', '90420', '90420', null, '0', null, null] });
  });

  it('names the column and value of a bad row', () => {
    const c = new RowConverter(stopTimes, header);
    expect(c.convert(['501', '5:07:00', '5:07:00', '70261', 'two', '0'])).toEqual({
      bad: 'stop_sequence: not an integer: "two"',
    });
    expect(c.convert(['', '5:07:00', '5:07:00', '70261', '2', '0'])).toEqual({ bad: 'trip_id is empty' });
    expect(
      new RowConverter(fileSpec('calendar_dates.txt')!, ['service_id', 'date', 'exception_type']).convert([
        'WK',
        '20190230',
        '1',
      ]),
    ).toEqual({
      bad: 'date: not a YYYYMMDD date: "20190230"',
    });
  });

  it('reports required columns missing from the header, and reshapes calendar rows', () => {
    expect(new RowConverter(stopTimes, ['trip_id', 'stop_id']).missingRequired).toEqual(['stop_sequence']);
    const cal = new RowConverter(
      fileSpec('calendar.txt')!,
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date'.split(','),
    );
    expect(cal.convert(['WKDY', '1', '1', '1', '1', '1', '0', '0', '20190211', '20200210'])).toEqual({
      cells: ['WKDY', '{t,t,t,t,t,f,f}', '20190211', '20200210'],
    });
  });

  it('escapes COPY text', () => {
    expect(copyLine(['a\tb', null, 'back\\slash', 'two\nlines'])).toBe('a\\tb\t\\N\tback\\\\slash\ttwo\\nlines\n');
  });
});
