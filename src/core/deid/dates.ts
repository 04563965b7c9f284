/**
 * Date shifting for the Retain Longitudinal Temporal Information with Modified Dates option:
 * every date of a patient moves back by the same whole number of days, so intervals between
 * studies survive while the real dates do not. Times of day are kept.
 */

const DAY_MS = 86_400_000;

/** Shifts one DA value (YYYYMMDD, or the ACR-NEMA YYYY.MM.DD); undefined when it is not a date. */
export function shiftDate(value: string, days: number): string | undefined {
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(value);
  if (!match) return undefined;
  return shiftParts(Number(match[1]), Number(match[2]), Number(match[3]), days);
}

/**
 * Shifts one DT value (YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]): the date part moves, the time and
 * offset stay. A value less precise than a day keeps its precision after the shift.
 */
export function shiftDateTime(value: string, days: number): string | undefined {
  const match = /^(\d{4})(\d{2})?(\d{2})?([0-9.]*)([+-]\d{4})?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, time = '', zone = ''] = match;
  const shifted = shiftParts(Number(year), Number(month ?? '01'), Number(day ?? '01'), days);
  if (!shifted) return undefined;
  const precision = 4 + (month ? 2 : 0) + (day ? 2 : 0);
  return shifted.slice(0, precision) + time + zone;
}

function shiftParts(year: number, month: number, day: number, days: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const time = date.getTime();
  const check = new Date(time);
  // Date.UTC rolls 31 February into March: such a value is not a date.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  )
    return undefined;
  const shifted = new Date(time - days * DAY_MS);
  const y = shifted.getUTCFullYear();
  if (y < 1 || y > 9999) return undefined;
  return (
    String(y).padStart(4, '0') +
    String(shifted.getUTCMonth() + 1).padStart(2, '0') +
    String(shifted.getUTCDate()).padStart(2, '0')
  );
}
