import type { Parking, ParkingPrice, WheelchairAccess } from '../../parking/parking.model.js';
import { openingTimesOf } from './datex2-opening-times.js';

/*
 * The facility details of a car park in the DATEX II v3 parkingRecord and parkingRecordStatus, in
 * the elements the hub's own DATEX II reader takes them from (src/ingest/formats/datex2/
 * datex2-details.ts, datex2-opening-hours.ts; written after the 3.0 Parking and Common XSDs), each
 * fragment in its place of the XSD sequence (datex2-parking-export.ts puts them in order).
 */

export function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const multilingual = (text: string): string => `<com:values><com:value lang="en">${esc(text)}</com:value></com:values>`;

/** The equipmentOrServiceFacilityIndex of a car park's charging points, in the table and the status. */
export const CHARGING_EQUIPMENT_INDEX = 1;

/** ParkingRecord.urlLinkAddress: the car park's page. */
export function urlLink(p: Parking): string {
  return p.url === undefined ? '' : `<par:urlLinkAddress>${esc(p.url)}</par:urlLinkAddress>`;
}

/** ParkingRecord.operator: a ContactDetails (id and version required) with its contactOrganisationName. */
export function operatorContact(p: Parking): string {
  if (p.operatorName === undefined) return '';
  return (
    `<par:operator xsi:type="par:ContactDetails" id="${esc(`${p.id}:operator`)}" version="1">` +
    `<par:contactOrganisationName>${multilingual(p.operatorName)}</par:contactOrganisationName></par:operator>`
  );
}

/** The maximum height in metres, as a decimal without trailing zeros (210 cm → 2.1). */
export function heightMetres(cm: number): number {
  return Number((cm / 100).toFixed(2));
}

/**
 * ParkingRecord.prohibitedParking: vehicles higher than the maximum height (a com:VehicleCharacteristics
 * heightCharacteristic, greaterThan, vehicleHeight in metres).
 */
export function heightProhibition(p: Parking): string {
  if (p.maxHeightCm === undefined || p.maxHeightCm <= 0) return '';
  return (
    '<par:prohibitedParking><com:vehicleCharacteristics><com:heightCharacteristic>' +
    `<com:comparisonOperator>greaterThan</com:comparisonOperator><com:vehicleHeight>${heightMetres(p.maxHeightCm)}</com:vehicleHeight>` +
    '</com:heightCharacteristic></com:vehicleCharacteristics></par:prohibitedParking>'
  );
}

/** CurrencyEnum of the 3.0 Parking schema (lower case); a price in another currency is not written. */
const CURRENCIES = new Set(
  'eur all amd azn bam bgn byr chf czk dkk gbp gel hrk huf isk ltl mdl mkd nok pln ron rsd rub sek try uah usd'.split(
    ' ',
  ),
);

/** The prices that fit the schema: a listed currency, an AmountOfMoney (two decimals), whole minutes. */
export function writablePrices(prices: readonly ParkingPrice[] | undefined): Map<string, ParkingPrice[]> {
  const byCurrency = new Map<string, ParkingPrice[]>();
  for (const price of prices ?? []) {
    const currency = price.currency.toLowerCase();
    const twoDecimals = Number(price.amount.toFixed(2)) === price.amount;
    if (!CURRENCIES.has(currency) || !twoDecimals || price.amount < 0 || price.minutes <= 0) continue;
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), price]);
  }
  return byCurrency;
}

/**
 * ParkingRecord.tariffsAndPayment, in its sequence: paymentAdditionalDescription (the fee text),
 * freeOfCharge (the opposite of hasFee), urlLinkAddress (the fees page), then one chargeBand per
 * currency (id and version required) with a charge per price: the amount and its chargeInterval in
 * seconds.
 */
export function tariffs(p: Parking): string {
  const fees = p.fees;
  if (fees === undefined) return '';
  const parts: string[] = [];
  if (fees.description !== undefined) {
    parts.push(
      `<par:paymentAdditionalDescription>${multilingual(fees.description)}</par:paymentAdditionalDescription>`,
    );
  }
  if (fees.hasFee !== undefined) parts.push(`<par:freeOfCharge>${!fees.hasFee}</par:freeOfCharge>`);
  if (fees.url !== undefined) parts.push(`<par:urlLinkAddress>${esc(fees.url)}</par:urlLinkAddress>`);
  for (const [currency, prices] of writablePrices(fees.prices)) {
    parts.push(
      `<par:chargeBand id="${esc(`${p.id}:fees:${currency}`)}" version="1"><par:chargeCurrency>${currency}</par:chargeCurrency>`,
      ...prices.map(
        (price) =>
          `<par:charge><par:charge>${price.amount.toFixed(2)}</par:charge><par:chargeInterval>${price.minutes * 60}</par:chargeInterval></par:charge>`,
      ),
      '</par:chargeBand>',
    );
  }
  return parts.length === 0 ? '' : `<par:tariffsAndPayment>${parts.join('')}</par:tariffsAndPayment>`;
}

/**
 * ParkingRecord.parkingEquipmentOrServiceFacility: the charging points as one Equipment
 * electricChargingStation (in its indexed wrapper), its electricCharging (usage type required)
 * with numberOfChargingPoints when the capacity is known. Written when the car park has charging
 * points, so the status can name them by index.
 */
export function chargingEquipment(p: Parking): string {
  if (p.evCharging === undefined) return '';
  const points =
    p.evCharging.capacity === null
      ? ''
      : `<par:numberOfChargingPoints>${p.evCharging.capacity}</par:numberOfChargingPoints>`;
  return (
    `<par:parkingEquipmentOrServiceFacility equipmentOrServiceFacilityIndex="${CHARGING_EQUIPMENT_INDEX}">` +
    '<par:parkingEquipmentOrServiceFacility xsi:type="par:Equipment"><par:equipmentType>electricChargingStation</par:equipmentType>' +
    `<par:electricCharging><par:chargingStationUsageType>electricVehicle</par:chargingStationUsageType>${points}</par:electricCharging>` +
    '</par:parkingEquipmentOrServiceFacility></par:parkingEquipmentOrServiceFacility>'
  );
}

/** The free charging points the status carries: only beside the table's equipment (a status names it by index). */
export function chargingFree(p: Parking): number | null {
  return p.location === null || p.evCharging === undefined ? null : p.evCharging.free;
}

/** ParkingRecordStatus.parkingEquipmentOrServiceFacilityStatus: the vacant charging points. */
export function chargingStatus(p: Parking): string {
  const free = chargingFree(p);
  if (free === null) return '';
  return (
    `<par:parkingEquipmentOrServiceFacilityStatus equipmentOrServiceFacilityIndex="${CHARGING_EQUIPMENT_INDEX}">` +
    `<par:parkingEquipmentOrServiceFacilityStatus><par:vacantEquipmentOrServiceFacilitySubitems>${free}</par:vacantEquipmentOrServiceFacilitySubitems>` +
    '</par:parkingEquipmentOrServiceFacilityStatus></par:parkingEquipmentOrServiceFacilityStatus>'
  );
}

/**
 * ParkingSite.openingTimes (datex2-opening-times.ts): available24hours, or a validity (status
 * definedByValidityTimeSpec; its OverallPeriod requires an overallStartTime: the record's version
 * time) whose validPeriods hold the recurring hours and days.
 */
export function openingTimes(p: Parking, at: string): string {
  const times = p.openingHours === undefined ? undefined : openingTimesOf(p.openingHours);
  if (times === undefined) return '';
  if ('available24hours' in times)
    return '<par:openingTimes><par:available24hours>true</par:available24hours></par:openingTimes>';
  const periods = times.periods.map((period) => {
    const hours = period.times.map(
      (t) =>
        `<com:recurringTimePeriodOfDay><com:startTimeOfPeriod>${t.start}</com:startTimeOfPeriod><com:endTimeOfPeriod>${t.end}</com:endTimeOfPeriod></com:recurringTimePeriodOfDay>`,
    );
    const days =
      period.days.length === 0
        ? ''
        : `<com:recurringDayWeekMonthPeriod>${period.days.map((d) => `<com:applicableDay>${d}</com:applicableDay>`).join('')}</com:recurringDayWeekMonthPeriod>`;
    return `<com:validPeriod>${hours.join('')}${days}</com:validPeriod>`;
  });
  return (
    '<par:openingTimes><par:validity><com:validityStatus>definedByValidityTimeSpec</com:validityStatus>' +
    `<com:validityTimeSpecification><com:overallStartTime>${at}</com:overallStartTime>${periods.join('')}</com:validityTimeSpecification>` +
    '</par:validity></par:openingTimes>'
  );
}

/**
 * The AccessibilityEnum value written for each wheelchair answer, one the hub's reader takes back
 * to the same answer (datex2-details.ts).
 */
export const ACCESSIBILITY: Readonly<Record<WheelchairAccess, string>> = {
  yes: 'wheelChairAccessible',
  limited: 'handicappedEasements',
  no: 'none',
};

/**
 * ParkingSite.parkingAccess, after openingTimes: wheelchair access as one entrance (id required, an
 * accessCategory required: `unspecified`, the hub knowing no entrance) with its `accessibility`.
 */
export function wheelchairAccess(p: Parking): string {
  if (p.wheelchair === undefined) return '';
  return (
    `<par:parkingAccess id="${esc(`${p.id}:access`)}"><par:accessCategory>unspecified</par:accessCategory>` +
    `<par:accessibility>${ACCESSIBILITY[p.wheelchair]}</par:accessibility></par:parkingAccess>`
  );
}

/**
 * ParkingSite.parkingSiteAddress, before parkingUsageScenario: a ContactDetails (id and version
 * required) holding the address as its free-text contactDetailsAddress, which the hub's reader takes
 * as the address when no street or city is given (datex2-address.ts).
 */
export function siteAddressContact(p: Parking): string {
  if (p.address === undefined) return '';
  return (
    `<par:parkingSiteAddress xsi:type="par:ContactDetails" id="${esc(`${p.id}:address`)}" version="1">` +
    `<par:contactDetailsAddress>${multilingual(p.address)}</par:contactDetailsAddress></par:parkingSiteAddress>`
  );
}
