/**
 * The process-wide symbol table: every symbol is an interned id, so symbol
 * vectors are Int32Arrays and equality is an integer compare. Id 0 is the
 * empty symbol (q's null symbol).
 *
 * @module
 */

const names: string[] = [""];
/**
 * Open-addressing hash of the names: slot -> id + 1 (0 is empty). A Map
 * of strings slows to microseconds per insert at millions of entries;
 * this stays near 100 ns.
 */
let slots = new Int32Array(1 << 12);
/** Hash of each id's name (to rehash without rereading the strings). */
let hashes = new Int32Array(1 << 11);

/** FNV-1a over the UTF-16 code units, with a final mix so the low bits depend on every unit. */
function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function place(h: number, id: number): void {
  const mask = slots.length - 1;
  let i = h & mask;
  while (slots[i] !== 0) i = (i + 1) & mask;
  slots[i] = id + 1;
}

function grow(): void {
  slots = new Int32Array(slots.length * 2);
  for (let id = 0; id < names.length; id++) place(hashes[id], id);
}

/** Interns `s` and returns its id. */
export function intern(s: string): number {
  const h = hashOf(s), mask = slots.length - 1;
  let i = h & mask;
  for (;;) {
    const e = slots[i];
    if (e === 0) break;
    if (hashes[e - 1] === h && names[e - 1] === s) return e - 1;
    i = (i + 1) & mask;
  }
  const id = names.length;
  names.push(s);
  if (id >= hashes.length) {
    const more = new Int32Array(hashes.length * 2);
    more.set(hashes);
    hashes = more;
  }
  hashes[id] = h;
  if (2 * names.length > slots.length) grow();
  else slots[i] = id + 1;
  return id;
}

hashes[0] = hashOf("");
place(hashes[0], 0);

/** The text of symbol id `id`. */
export function symName(id: number): string {
  return names[id];
}

/** Interns every string of `xs` into a new Int32Array of ids. */
export function internAll(xs: readonly string[]): Int32Array {
  const r = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) r[i] = intern(xs[i]);
  return r;
}

/** Number of interned symbols (ids are below it). */
export function symCount(): number {
  return names.length;
}

/** Compares two symbol ids by their text, as q sorts symbols. */
export function compareSyms(a: number, b: number): number {
  if (a === b) return 0;
  const x = names[a], y = names[b];
  return x < y ? -1 : x > y ? 1 : 0;
}
