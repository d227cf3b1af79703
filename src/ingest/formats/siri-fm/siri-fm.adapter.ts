import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult, ParseWarning } from '../../../parking/parking.model.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { parseXml } from '../xml/safe-xml.js';
import { childrenNamed, firstChild, type XmlElement } from '../xml/xml-element.js';
import { XmlFieldReader } from '../xml/xml-values.js';
import { readFacilityCondition } from './siri-fm-condition.reader.js';

/**
 * SIRI 2.x Facility Monitoring (SIRI-FM, CEN/TS 15531-4): Siri/ServiceDelivery/
 * FacilityMonitoringDelivery/FacilityCondition → one observation per condition, keyed by
 * FacilityRef. See siri-fm-condition.reader.ts for how counts become free/occupied.
 * Any other SIRI delivery (SX, ET, VM...) is refused rather than read as "no data".
 */
export const siriFmAdapter: ParkingFormatAdapter = {
  format: 'siri-fm',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const root = parseXml(bytes);
    const service = serviceDelivery(root);
    const deliveries = childrenNamed(service, 'FacilityMonitoringDelivery');
    if (deliveries.length === 0) throw notFacilityMonitoring(service);
    const warnings: ParseWarning[] = [];
    const result: ParkingParseResult = {
      facilities: [],
      observations: [],
      warnings,
    };
    const publishedAt = timestamp(service, warnings);
    for (const delivery of deliveries)
      readDelivery(delivery, timestamp(delivery, warnings) ?? publishedAt, ctx, result);
    if (publishedAt) result.publishedAt = publishedAt;
    return result;
  },
};

function serviceDelivery(root: XmlElement): XmlElement {
  if (root.name !== 'Siri') throw new ParseException(`not a SIRI document: root element <${root.name}>`);
  const service = firstChild(root, 'ServiceDelivery');
  if (!service) throw new ParseException('not a FacilityMonitoringDelivery: SIRI document has no ServiceDelivery');
  return service;
}

function notFacilityMonitoring(service: XmlElement): ParseException {
  const found = service.children.map((c) => c.name).filter((n) => n.endsWith('Delivery'));
  return new ParseException(
    `not a FacilityMonitoringDelivery: the SIRI ServiceDelivery holds ${found.join(', ') || 'no delivery'}`,
  );
}

function timestamp(el: XmlElement, warnings: ParseWarning[]): Date | undefined {
  return new XmlFieldReader(warnings, el.name).time(el, 'ResponseTimestamp');
}

function readDelivery(
  delivery: XmlElement,
  observedAt: Date | undefined,
  ctx: ParseContext,
  result: ParkingParseResult,
): void {
  childrenNamed(delivery, 'FacilityCondition').forEach((condition, index) => {
    const reading = readFacilityCondition(condition, index, observedAt, ctx.format, result.warnings);
    if (reading.observation) result.observations.push(reading.observation);
    if (reading.facility) result.facilities.push(reading.facility);
  });
}
