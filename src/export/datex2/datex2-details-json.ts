import type { Parking } from '../../parking/parking.model.js';
import {
  ACCESSIBILITY,
  CHARGING_EQUIPMENT_INDEX,
  chargingFree,
  heightMetres,
  writablePrices,
} from './datex2-details-export.js';
import { openingTimesOf } from './datex2-opening-times.js';

/** A JSON value (the same as datex2-parking-json.ts' Datex2Json, which imports this file). */
type Datex2Json = string | number | boolean | Datex2Json[] | { [key: string]: Datex2Json };
type JsonObject = { [key: string]: Datex2Json };

/*
 * The facility details of datex2-details-export.ts in the DATEX II v3 JSON encoding (the rules of
 * datex2-parking-json.ts): the same elements with the same values, each a member of the record or
 * status object, or absent.
 */

const enumValue = (value: string): JsonObject => ({ value });
const multilingual = (value: string): JsonObject => ({ values: [{ lang: 'en', value }] });

/**
 * The record's members before parkingLocation: maximumParkingDuration (seconds), urlLinkAddress,
 * operator (maxOccurs unbounded; an xsi:type).
 */
export function recordHead(p: Parking): JsonObject {
  const out: JsonObject = {};
  if (p.maxStayMinutes !== undefined) out.maximumParkingDuration = p.maxStayMinutes * 60;
  if (p.url !== undefined) out.urlLinkAddress = p.url;
  if (p.operatorName !== undefined) {
    out.operator = [
      {
        prkContactDetails: {
          idG: `${p.id}:operator`,
          versionG: '1',
          contactOrganisationName: multilingual(p.operatorName),
        },
      },
    ];
  }
  return out;
}

/** The record's members after onlyAssignedParking, before groupOfParkingSpaces. */
export function recordDetails(p: Parking): JsonObject {
  const out: JsonObject = {};
  if (p.maxHeightCm !== undefined && p.maxHeightCm > 0) {
    out.prohibitedParking = {
      vehicleCharacteristics: [
        {
          heightCharacteristic: [
            { comparisonOperator: enumValue('greaterThan'), vehicleHeight: heightMetres(p.maxHeightCm) },
          ],
        },
      ],
    };
  }
  const tariffs = tariffsOf(p);
  if (tariffs !== undefined) out.tariffsAndPayment = tariffs;
  if (p.evCharging !== undefined) {
    const charging: JsonObject = { chargingStationUsageType: [enumValue('electricVehicle')] };
    if (p.evCharging.capacity !== null) charging.numberOfChargingPoints = p.evCharging.capacity;
    out.parkingEquipmentOrServiceFacility = [
      {
        equipmentOrServiceFacilityIndex: CHARGING_EQUIPMENT_INDEX,
        parkingEquipmentOrServiceFacility: {
          prkEquipment: { equipmentType: enumValue('electricChargingStation'), electricCharging: charging },
        },
      },
    ];
  }
  return out;
}

function tariffsOf(p: Parking): JsonObject | undefined {
  const fees = p.fees;
  if (fees === undefined) return undefined;
  const out: JsonObject = {};
  if (fees.description !== undefined) out.paymentAdditionalDescription = multilingual(fees.description);
  if (fees.hasFee !== undefined) out.freeOfCharge = !fees.hasFee;
  if (fees.url !== undefined) out.urlLinkAddress = fees.url;
  const bands = [...writablePrices(fees.prices)].map(([currency, prices]) => ({
    idG: `${p.id}:fees:${currency}`,
    versionG: '1',
    chargeCurrency: enumValue(currency),
    charge: prices.map((price) => ({ charge: price.amount, chargeInterval: price.minutes * 60 })),
  }));
  if (bands.length > 0) out.chargeBand = bands;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** ParkingSite.openingTimes, after parkingUsageScenario. */
export function openingTimesJson(p: Parking, at: string): JsonObject | undefined {
  const times = p.openingHours === undefined ? undefined : openingTimesOf(p.openingHours);
  if (times === undefined) return undefined;
  if ('available24hours' in times) return { available24hours: true };
  return {
    validity: {
      validityStatus: enumValue('definedByValidityTimeSpec'),
      validityTimeSpecification: {
        overallStartTime: at,
        validPeriod: times.periods.map((period) => {
          const out: JsonObject = {
            recurringTimePeriodOfDay: period.times.map((t) => ({ startTimeOfPeriod: t.start, endTimeOfPeriod: t.end })),
          };
          if (period.days.length > 0) out.recurringDayWeekMonthPeriod = [{ applicableDay: period.days.map(enumValue) }];
          return out;
        }),
      },
    },
  };
}

/** ParkingSite.parkingSiteAddress, before parkingUsageScenario: the address, as the XML form writes it. */
export function siteAddressJson(p: Parking): Datex2Json[] | undefined {
  if (p.address === undefined) return undefined;
  return [
    {
      prkContactDetails: {
        idG: `${p.id}:address`,
        versionG: '1',
        contactDetailsAddress: multilingual(p.address),
      },
    },
  ];
}

/** ParkingSite.parkingAccess, after openingTimes: wheelchair access, as the XML form writes it. */
export function wheelchairAccessJson(p: Parking): Datex2Json[] | undefined {
  if (p.wheelchair === undefined) return undefined;
  return [
    {
      idG: `${p.id}:access`,
      accessCategory: [enumValue('unspecified')],
      accessibility: [enumValue(ACCESSIBILITY[p.wheelchair])],
    },
  ];
}

/** ParkingRecordStatus.parkingEquipmentOrServiceFacilityStatus: the vacant charging points. */
export function chargingStatusJson(p: Parking): Datex2Json[] | undefined {
  const free = chargingFree(p);
  if (free === null) return undefined;
  return [
    {
      equipmentOrServiceFacilityIndex: CHARGING_EQUIPMENT_INDEX,
      parkingEquipmentOrServiceFacilityStatus: { vacantEquipmentOrServiceFacilitySubitems: free },
    },
  ];
}
