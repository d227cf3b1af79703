import { ownValue } from './own-key.js';

describe('ownValue', () => {
  const table: Readonly<Record<string, string>> = { open: 'open', full: 'full' };

  it('gives the value of an own key', () => {
    expect(ownValue(table, 'full')).toBe('full');
  });

  it("gives undefined for every name an object inherits (Object.prototype's), as for any unknown key", () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype);
    expect(inherited).toEqual(expect.arrayContaining(['constructor', 'toString', '__proto__', 'hasOwnProperty']));
    for (const name of [...inherited, 'nothing', '', undefined]) expect(ownValue(table, name)).toBeUndefined();
  });
});
