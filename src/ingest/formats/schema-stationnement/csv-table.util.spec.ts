import { ParseException } from '../../../common/app-exception.js';
import { readCsvTable } from './csv-table.util.js';

const read = (text: string) => readCsvTable(Buffer.from(text, 'utf8'), 'test-format');

describe('readCsvTable', () => {
  it('numbers rows by the line they start on: empty lines and quoted line breaks count (BOM, CRLF, ";")', () => {
    const table = read('\uFEFFid; name \r\n1;"two\r\nlines"\r\n\r\n2;x;extra\r\n3\r\n');
    expect(table.header).toEqual(['id', 'name']);
    expect(table.rows).toEqual([
      { line: 2, values: ['1', 'two\r\nlines'] },
      { line: 5, values: ['2', 'x', 'extra'] },
      { line: 6, values: ['3'] },
    ]);
  });

  it('reads files whose lines end with \\r alone', () => {
    expect(read('a,b\r1,2\r\r3,4\r').rows).toEqual([
      { line: 2, values: ['1', '2'] },
      { line: 4, values: ['3', '4'] },
    ]);
  });

  it('refuses an unclosed quote or text after a closing quote, naming the line', () => {
    expect(() => read('id,nb\n1,2\n"unclosed,1\n')).toThrow(
      'test-format: the CSV cannot be read (Quoted field unterminated, line 3)',
    );
    expect(() => read('id,nb\n"x"y,2\n')).toThrow(/Trailing quote on quoted field is malformed, line 2/);
    expect(() => read('')).toThrow(ParseException);
  });
});
