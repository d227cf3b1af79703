import { parseXml } from '../xml/safe-xml.js';
import { siteAddress } from './datex2-address.js';

/** parkingSiteAddress ContactDetails after the 3.0 Parking XSD's element names (values invented). */
const addressOf = (...contacts: string[]) =>
  siteAddress(
    parseXml(
      Buffer.from(
        `<parkingRecord>${contacts.map((c) => `<parkingSiteAddress>${c}</parkingSiteAddress>`).join('')}</parkingRecord>`,
      ),
    ),
    'de',
  );

const city = (name: string) =>
  `<contactDetailsCity><values><value lang="de">${name}</value></values></contactDetailsCity>`;

describe('DATEX II parkingSiteAddress → address', () => {
  it('joins street and house numbers, then postcode and city', () => {
    expect(
      addressOf(
        '<contactDetailsStreet>Hauptstraße</contactDetailsStreet><contactDetailsHouseNumber>12</contactDetailsHouseNumber>' +
          '<contactDetailsHouseNumber>a</contactDetailsHouseNumber><contactDetailsPostcode>70173</contactDetailsPostcode>' +
          city('Stuttgart'),
      ),
    ).toBe('Hauptstraße 12a, 70173 Stuttgart');
  });

  it('leaves out parts written n/a or NA, and takes the free text only without street and city', () => {
    expect(
      addressOf(
        '<contactDetailsStreet>Marktplatz</contactDetailsStreet><contactDetailsHouseNumber>NA</contactDetailsHouseNumber>' +
          city('n/a'),
      ),
    ).toBe('Marktplatz');
    expect(
      addressOf(
        '<contactDetailsAddress><values><value lang="de">An der B 10</value></values></contactDetailsAddress>' +
          city('Ulm'),
      ),
    ).toBe('Ulm');
    expect(
      addressOf('<contactDetailsAddress><values><value lang="de">An der B 10</value></values></contactDetailsAddress>'),
    ).toBe('An der B 10');
  });

  it('takes the first contact that says something; none is no address', () => {
    expect(addressOf('<contactUnknown>true</contactUnknown>', city('Esslingen'))).toBe('Esslingen');
    expect(addressOf('<contactDetailsHouseNumber>n/a</contactDetailsHouseNumber>')).toBeUndefined();
    expect(addressOf()).toBeUndefined();
  });
});
