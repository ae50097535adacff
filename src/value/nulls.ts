/**
 * q's in-band nulls and infinities, per type, as the raw element values the
 * typed arrays hold. Kernels compare against these; no validity bitmaps.
 *
 * @module
 */

/** Null short (0Nh). */
export const NH = -32768;
/** Infinite short (0Wh). */
export const WH = 32767;
/** Null int and int-backed temporals (0Ni, 0Nd, 0Nm, 0Nu, 0Nv, 0Nt). */
export const NI = -2147483648;
/** Infinite int (0Wi). */
export const WI = 2147483647;
/** Null long, timestamp, timespan (0N, 0Np, 0Nn). */
export const NJ = -9223372036854775808n;
/** Infinite long (0W). */
export const WJ = 9223372036854775807n;
/** Null char is a blank. */
export const NC = 32;

/** The raw null element of basic type `t` (NaN for floating types). */
export function nullOf(t: number): number | bigint {
  switch (t) {
    case 1:
    case 4:
      return 0;
    case 5:
      return NH;
    case 7:
    case 12:
    case 16:
      return NJ;
    case 8:
    case 9:
    case 15:
      return NaN;
    case 10:
      return NC;
    case 11:
      return 0;
    default:
      return NI;
  }
}

/** True when the raw element `v` of type `t` is q's null for that type. */
export function isNullElem(t: number, v: number | bigint): boolean {
  switch (t) {
    case 1:
    case 4:
      return false;
    case 5:
      return v === NH;
    case 7:
    case 12:
    case 16:
      return v === NJ;
    case 8:
    case 9:
    case 15:
      return v !== v;
    case 10:
      return v === NC;
    case 11:
      return v === 0;
    default:
      return v === NI;
  }
}
