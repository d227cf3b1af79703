import { childText, childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { multilingualText } from './datex2-common.js';

/** What operators write for a part of an address they do not have (the Belgian profile's "NA"). */
const NOT_AVAILABLE = new Set(['n/a', 'na']);

function part(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || NOT_AVAILABLE.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

/**
 * A parking site's address from its first `parkingSiteAddress` ContactDetails (v2.3 and v3 ParkingSite):
 * `contactDetailsStreet` and `contactDetailsHouseNumber` (up to two, joined), then
 * `contactDetailsPostcode` and `contactDetailsCity` (`James Cookweg 31, 5928LJ Venlo`); without a street
 * or a city, its free-text `contactDetailsAddress`. Parts written `n/a` or `NA` are left out.
 */
export function siteAddress(record: XmlElement, lang?: string): string | undefined {
  for (const contact of childrenNamed(record, 'parkingSiteAddress')) {
    const number = childrenNamed(contact, 'contactDetailsHouseNumber')
      .map((el) => part(el.text))
      .filter((n): n is string => n !== undefined)
      .join('');
    const street = [part(childText(contact, 'contactDetailsStreet')), part(number)].filter(Boolean).join(' ');
    const city = [
      part(childText(contact, 'contactDetailsPostcode')),
      part(multilingualText(firstChild(contact, 'contactDetailsCity'), lang)),
    ]
      .filter(Boolean)
      .join(' ');
    const composed = [street, city].filter((line) => line !== '').join(', ');
    const address =
      composed !== '' ? composed : part(multilingualText(firstChild(contact, 'contactDetailsAddress'), lang));
    if (address !== undefined) return address;
  }
  return undefined;
}
