/**
 * A table's commit file, `.count`: the committed row count, published by
 * one small write instead of a new metadata file and a rename.
 *
 * The file holds two slots, 512 bytes apart (so a write torn by a power
 * loss can damage only the slot being written). A slot is
 *
 *     magic "LSMC" u32 · version u16 · 0 u16 · seq u64 · count u64 · FNV-1a u32 of the first 24 bytes
 *
 * A publish writes the count with the next sequence number into the slot
 * that does not hold the current one; a reader takes the valid slot with
 * the higher sequence number. A reader that catches a slot half-written
 * (or a power loss that tore it) finds its checksum wrong and takes the
 * other slot: the count before, whose rows are all still there. So a
 * reader only ever sees a count that was published.
 *
 * The file is opened once per table and kept open: a reader of a table
 * that is replaced on disk keeps reading the table it opened.
 *
 * @module
 */

import { openStoreFile, type StoreFile } from "../../ffi/file.ts";
import { osCall, storageError } from "./errors.ts";
import { fnv1a, FNV_BASIS, FORMAT_VERSION } from "./format.ts";

/** Name of the commit file in a table directory. */
export const COMMIT_FILE = ".count";

const MAGIC = 0x434d534c; // little-endian u32 of "LSMC"
const SLOT_BYTES = 28;
const SLOT_STRIDE = 512;
const FILE_BYTES = 2 * SLOT_STRIDE;

/** One decoded slot. */
interface Slot {
  seq: number;
  count: number;
}

/** The bytes of a slot. */
function encodeSlot(s: Slot): Uint8Array {
  const b = new Uint8Array(SLOT_BYTES), v = new DataView(b.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, FORMAT_VERSION, true);
  v.setUint32(8, s.seq % 2 ** 32, true);
  v.setUint32(12, Math.floor(s.seq / 2 ** 32), true);
  v.setUint32(16, s.count % 2 ** 32, true);
  v.setUint32(20, Math.floor(s.count / 2 ** 32), true);
  v.setUint32(24, fnv1a(FNV_BASIS, b.subarray(0, 24)), true);
  return b;
}

/** The slot in `b`, or undefined when it is empty, torn or damaged. */
function decodeSlot(b: Uint8Array): Slot | undefined {
  if (b.length < SLOT_BYTES) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, SLOT_BYTES);
  if (v.getUint32(0, true) !== MAGIC || v.getUint32(24, true) !== fnv1a(FNV_BASIS, b.subarray(0, 24))) return undefined;
  const seq = v.getUint32(8, true) + v.getUint32(12, true) * 2 ** 32;
  const count = v.getUint32(16, true) + v.getUint32(20, true) * 2 ** 32;
  return Number.isSafeInteger(seq) && Number.isSafeInteger(count) ? { seq, count } : undefined;
}

/** The commit file of a table: read the committed count, publish a new one. */
export class CommitFile {
  private constructor(private readonly file: StoreFile, private last: Slot) {}

  /** Creates the commit file of a new table, publishing `count` (the caller fsyncs the directory). */
  static create(dir: string, count: number, sync: boolean): void {
    const path = `${dir}/${COMMIT_FILE}`;
    const f = osCall(path, "create", () => openStoreFile(path, { fresh: true }));
    try {
      osCall(path, "write", () => {
        const first = { seq: 1, count }; // slot seq % 2 holds seq: a publish never writes over the current slot
        f.write((first.seq % 2) * SLOT_STRIDE, encodeSlot(first));
        f.truncate(FILE_BYTES);
        if (sync) f.sync();
      });
    } finally {
      f.close();
    }
  }

  /** Opens the commit file of the table in `dir`, or undefined when it has none (a table from before it existed). */
  static open(dir: string, write: boolean): CommitFile | undefined {
    const path = `${dir}/${COMMIT_FILE}`;
    try {
      Deno.statSync(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
    }
    const f = osCall(path, "open", () => openStoreFile(path, { write }));
    try {
      const c = new CommitFile(f, { seq: 0, count: 0 });
      c.read();
      return c;
    } catch (e) {
      f.close();
      throw e;
    }
  }

  /** The committed count, as published last (by this or another process). */
  read(): number {
    const path = this.file.path;
    this.file.invalidate();
    const b = osCall(path, "read", () => this.file.peek(0, FILE_BYTES));
    const a = decodeSlot(b.subarray(0, SLOT_BYTES)), z = decodeSlot(b.subarray(SLOT_STRIDE, SLOT_STRIDE + SLOT_BYTES));
    const best = a && z ? (a.seq > z.seq ? a : z) : a ?? z;
    if (!best) return storageError("corrupt", path, "neither commit slot is valid (the file is damaged)");
    this.last = best;
    return best.count;
  }

  /** Publishes `count` (after the rows it covers are written; with `sync`, fsynced before and after). */
  publish(count: number, sync: boolean): void {
    const next = { seq: this.last.seq + 1, count };
    osCall(this.file.path, "publish", () => {
      this.file.write((next.seq % 2) * SLOT_STRIDE, encodeSlot(next));
      if (sync) this.file.sync();
    });
    this.last = next;
  }

  /** Closes the file. */
  close(): void {
    this.file.close();
  }
}
