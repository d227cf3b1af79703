import { ParseException } from '../../../common/app-exception.js';
import type { ParseWarning } from '../../../parking/parking.model.js';
import { attr, childText, childrenNamed, firstChild, xsiType, type XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { ownValue } from '../../../common/own-key.js';

/**
 * What one DATEX II parking publication holds:
 * - `table`: ParkingTablePublication (v2.x and v3) — parkingRecord reference data;
 * - `status`: ParkingStatusPublication (v2.x and v3) — parkingRecordStatus readings;
 * - `legacy-table` / `legacy-status`: the DATEX II 2.0 parking extension
 *   (parkingFacilityTablePublication / parkingFacilityTableStatusPublication).
 */
export type Datex2PartKind = 'table' | 'status' | 'legacy-table' | 'legacy-status';

export interface Datex2Part {
  kind: Datex2PartKind;
  element: XmlElement;
  publishedAt?: Date;
  /** The payload's default language (`lang` attribute), used to pick among multilingual names. */
  lang?: string;
}

export interface Datex2Document {
  parts: Datex2Part[];
  publishedAt?: Date;
}

/** Matched case-insensitively: v2 extensions use `parkingTablePublication`, xsi:type uses `ParkingTablePublication`. */
const KIND_BY_NAME: Readonly<Record<string, Datex2PartKind>> = {
  parkingtablepublication: 'table',
  parkingstatuspublication: 'status',
  parkingfacilitytablepublication: 'legacy-table',
  parkingfacilitytablestatuspublication: 'legacy-status',
};

/**
 * Finds the parking publications in a v2 `d2LogicalModel/payloadPublication` (native xsi:type or
 * GenericPublication extension), a v3 `messageContainer/payload` or a bare v3 `payload` root.
 */
export function readDatex2Document(root: XmlElement, warnings: ParseWarning[]): Datex2Document {
  const payloads = payloadsOf(root);
  const parts = payloads.flatMap((payload) => partsOf(payload, warnings));
  if (parts.length === 0) {
    throw new ParseException(`DATEX II document carries no parking publication (${describe(payloads)})`);
  }
  const publishedAt = parts.find((p) => p.publishedAt)?.publishedAt;
  return { parts, publishedAt };
}

function payloadsOf(root: XmlElement): XmlElement[] {
  switch (root.name) {
    case 'd2LogicalModel':
      return childrenNamed(root, 'payloadPublication');
    case 'messageContainer':
      return childrenNamed(root, 'payload');
    case 'payload':
      return [root];
    default:
      throw new ParseException(`not a DATEX II document: root element <${root.name}>`);
  }
}

function partsOf(payload: XmlElement, warnings: ParseWarning[]): Datex2Part[] {
  const publishedAt = new XmlFieldReader(warnings, 'publication').time(payload, 'publicationTime');
  const lang = attr(payload, 'lang');
  const native = kindByName((xsiType(payload) ?? '').toLowerCase());
  const found: Array<{ kind: Datex2PartKind; element: XmlElement }> = native
    ? [{ kind: native, element: payload }]
    : extensionParts(payload);
  return found.map((p) => ({ ...p, publishedAt, lang }));
}

/** KIND_BY_NAME by own keys only (an xsi:type `constructor` is no publication). */
function kindByName(name: string): Datex2PartKind | undefined {
  return ownValue(KIND_BY_NAME, name);
}

function extensionParts(payload: XmlElement): Array<{ kind: Datex2PartKind; element: XmlElement }> {
  const extension = firstChild(payload, 'genericPublicationExtension');
  return (extension?.children ?? []).flatMap((element) => {
    const kind = kindByName(element.name.toLowerCase());
    return kind ? [{ kind, element }] : [];
  });
}

function describe(payloads: XmlElement[]): string {
  if (payloads.length === 0) return 'no payload';
  return payloads.map((p) => childText(p, 'genericPublicationName') ?? xsiType(p) ?? p.name).join(', ');
}
