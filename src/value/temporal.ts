/**
 * Calendar arithmetic for q's temporal types. Epoch is 2000.01.01: dates
 * are days from it, months are months from 2000.01, timestamps are
 * nanoseconds from 2000.01.01D00:00, datetimes are fractional days.
 *
 * @module
 */

/** Nanoseconds in a day, as a bigint. */
export const NS_PER_DAY = 86_400_000_000_000n;
/** Days from 1970.01.01 to 2000.01.01 (the Unix epoch offset). */
export const UNIX_EPOCH_DAYS = 10957;

/** Days since 2000.01.01 of the proleptic Gregorian date y.m.d. */
export function ymdToDays(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 - UNIX_EPOCH_DAYS;
}

/** The [year, month, day] of a day count since 2000.01.01. */
export function daysToYmd(days: number): [number, number, number] {
  const z = days + UNIX_EPOCH_DAYS + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

/** True when y.m.d names a real calendar day. */
export function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const [yy, mm, dd] = daysToYmd(ymdToDays(y, m, d));
  return yy === y && mm === m && dd === d;
}

/** Months since 2000.01 for year y, month m (1-based). */
export function ymToMonths(y: number, m: number): number {
  return (y - 2000) * 12 + (m - 1);
}
