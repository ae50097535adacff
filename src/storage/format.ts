/**
 * The Lsmer on-disk format, version 1.
 *
 * Every column file starts with a 64-byte header, so values begin
 * cache-line aligned and map directly onto a typed array:
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 4 | magic `LSMR` |
 * | 4 | 2 | format version (u16) |
 * | 6 | 1 | file kind: 1 values, 2 nested offsets, 3 nested data, 4 symbol list |
 * | 7 | 1 | attribute (0 none, 1 `s`, 2 `u`, 3 `p`, 4 `g`) |
 * | 8 | 2 | q type of the elements (i16) |
 * | 10 | 1 | codec (0 = raw little-endian) |
 * | 11 | 1 | element size in bytes |
 * | 12 | 4 | reserved, zero |
 * | 16 | 8 | count: elements (values, symbol list), rows (offsets), bytes (data) |
 * | 24 | 40 | reserved, zero |
 *
 * The count in a header is what was written; the count a table has
 * committed is the one in its metadata file (see meta.ts).
 *
 * @module
 */

/** The format this build writes and reads. */
export const FORMAT_VERSION = 1;
/** Bytes before the first value of every file. */
export const HEADER_SIZE = 64;
/** The magic bytes "LSMR". */
export const MAGIC = 0x524d534c; // little-endian u32 of "LSMR"

/** What a file holds. */
export const enum FileKind {
  /** Fixed-width values, one per row. */
  Values = 1,
  /** End offsets (int64) of each row's items in the data file. */
  Offsets = 2,
  /** The items of a nested column, back to back. */
  Data = 3,
  /** The database's symbol list: NUL-terminated UTF-8 strings. */
  Symbols = 4,
}

/** A decoded file header. */
export interface Header {
  version: number;
  kind: FileKind;
  attr: number;
  type: number;
  codec: number;
  elemSize: number;
  count: number;
}

/** Encodes a header into its 64 bytes. */
export function encodeHeader(h: Header): Uint8Array {
  const b = new Uint8Array(HEADER_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, h.version, true);
  v.setUint8(6, h.kind);
  v.setUint8(7, h.attr);
  v.setInt16(8, h.type, true);
  v.setUint8(10, h.codec);
  v.setUint8(11, h.elemSize);
  v.setBigUint64(16, BigInt(h.count), true);
  return b;
}

/** The 8 bytes of a header's count field (written after each append). */
export function encodeCount(count: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(count), true);
  return b;
}

/** Offset of the count field in a header. */
export const COUNT_OFFSET = 16;

/** The lock file of a table's writer, in the table's directory. */
export const TABLE_LOCK = ".lock";
/** The lock file of a database's symbol list writers, beside `sym`. */
export const SYM_LOCK = ".sym.lock";

/** True for Lsmer's lock files: directory listings (`key`, `load`) leave them out. */
export function isLockFile(name: string): boolean {
  return name === TABLE_LOCK || name === SYM_LOCK;
}

/**
 * Decodes a header; returns a description of what is wrong instead when
 * the bytes are not a header of this format.
 */
export function decodeHeader(b: Uint8Array): Header | string {
  if (b.length < HEADER_SIZE) return `file is ${b.length} bytes, shorter than its ${HEADER_SIZE}-byte header`;
  const v = new DataView(b.buffer, b.byteOffset, HEADER_SIZE);
  if (v.getUint32(0, true) !== MAGIC) return "not an Lsmer file (bad magic number)";
  const version = v.getUint16(4, true);
  const count = v.getBigUint64(16, true);
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) return "count field is corrupt";
  for (let i = 12; i < 16; i++) if (b[i] !== 0) return "reserved header bytes are not zero";
  for (let i = 24; i < HEADER_SIZE; i++) if (b[i] !== 0) return "reserved header bytes are not zero";
  return {
    version,
    kind: v.getUint8(6) as FileKind,
    attr: v.getUint8(7),
    type: v.getInt16(8, true),
    codec: v.getUint8(10),
    elemSize: v.getUint8(11),
    count: Number(count),
  };
}

/** The FNV-1a 32-bit offset basis: the hash of no bytes. */
export const FNV_BASIS = 0x811c9dc5;

/** FNV-1a 32-bit hash of `bytes`, continuing from hash `h`. */
export function fnv1a(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** FNV-1a 32-bit hash of text, as 8 hex digits (checksums of metadata). */
export function checksum(text: string): string {
  return fnv1a(FNV_BASIS, new TextEncoder().encode(text)).toString(16).padStart(8, "0");
}
