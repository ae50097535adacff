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

/** Item kinds by how their nulls are recognised. */
function nullKind(t: number): "none" | "nan" | "long" | "word" {
  if (t === 1 || t === 4) return "none";
  if (t === 8 || t === 9 || t === 15) return "nan";
  if (t === 7 || t === 12 || t === 16) return "long";
  return "word";
}

/** The null of 1-, 2- and 4-byte integer item types. */
function wordNull(t: number): number {
  return t === 5 ? NH : t === 10 ? NC : t === 11 ? 0 : NI;
}

/**
 * 1 where an item of a vector of type `t` (items `a`) is null, else 0: one
 * flat loop per item kind, longs read as 32-bit halves (no BigInt per item).
 */
export function nullFlags(t: number, a: ArrayBufferView, n: number): Uint8Array {
  const r = new Uint8Array(n), kind = nullKind(t);
  if (kind === "nan") {
    const f = a as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) r[i] = f[i] !== f[i] ? 1 : 0;
  } else if (kind === "long") {
    const w = new Int32Array(a.buffer, a.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) r[i] = w[2 * i + 1] === -2147483648 && w[2 * i] === 0 ? 1 : 0;
  } else if (kind === "word") {
    const nul = wordNull(t), v = a as Int32Array | Int16Array | Uint8Array;
    for (let i = 0; i < n; i++) r[i] = v[i] === nul ? 1 : 0;
  }
  return r;
}

/** Whether any of the `n` items of a vector of type `t` (items `a`) is null. */
export function hasNull(t: number, a: ArrayBufferView, n: number): boolean {
  const kind = nullKind(t);
  if (kind === "nan") {
    const f = a as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) if (f[i] !== f[i]) return true;
  } else if (kind === "long") {
    const w = new Int32Array(a.buffer, a.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) if (w[2 * i + 1] === -2147483648 && w[2 * i] === 0) return true;
  } else if (kind === "word") {
    const nul = wordNull(t), v = a as Int32Array | Int16Array | Uint8Array;
    for (let i = 0; i < n; i++) if (v[i] === nul) return true;
  }
  return false;
}
