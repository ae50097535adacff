/**
 * The process-wide symbol table: every symbol is an interned id, so symbol
 * vectors are Int32Arrays and equality is an integer compare. Id 0 is the
 * empty symbol (q's null symbol).
 *
 * The names live as UTF-16 code units in one growing typed array with an
 * offset per id, not as one string object per name: a table of ten
 * million symbols is then two arrays the garbage collector does not walk
 * (as strings it made every full collection take half a second), and a
 * name becomes a string only when asked for.
 *
 * @module
 */

/** The code units of every name, end to end. */
let units = new Uint16Array(1 << 12);
/** Where each id's name starts in `units` (`starts[id + 1]` is where it ends). */
let starts = new Int32Array(1 << 11);
let count = 0;
/**
 * Open-addressing hash of the names: slot k is the pair (id + 1, hash) at
 * `table[2k]`, `table[2k + 1]` (id + 1 of 0: empty), so a probe reads one
 * cache line. A Map of strings slows to microseconds per insert at
 * millions of entries; this stays near 100 ns.
 */
let table = new Int32Array(2 << 12);

/** FNV-1a over the UTF-16 code units, with a final mix so the low bits depend on every unit. */
function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

function place(h: number, id: number): void {
  const mask = (table.length >> 1) - 1;
  let i = h & mask;
  while (table[2 * i] !== 0) i = (i + 1) & mask;
  table[2 * i] = id + 1;
  table[2 * i + 1] = h;
}

/** Doubles the hash table, reading the old one in order. */
function growTable(): void {
  const old = table;
  table = new Int32Array(2 * old.length);
  for (let k = 0; k < old.length; k += 2) if (old[k] !== 0) place(old[k + 1], old[k] - 1);
}

/** Recently named ids and their names (direct-mapped by id), so hot symbols are not decoded or compared unit by unit. */
const CACHE = 1 << 14;
const cachedId = new Int32Array(CACHE).fill(-1), cachedName = new Array<string>(CACHE).fill("");

function remember(id: number, s: string): void {
  const slot = id & (CACHE - 1);
  cachedId[slot] = id;
  cachedName[slot] = s;
}

/** Whether id's name is `s`. */
function nameIs(id: number, s: string): boolean {
  const slot = id & (CACHE - 1);
  if (cachedId[slot] === id) return cachedName[slot] === s;
  const at = starts[id];
  if (starts[id + 1] - at !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (units[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Appends a new id named `s`; returns it. */
function add(s: string): number {
  const id = count++, at = starts[id], end = at + s.length;
  if (id + 2 > starts.length) {
    const more = new Int32Array(starts.length * 2);
    more.set(starts);
    starts = more;
  }
  if (end > units.length) {
    const more = new Uint16Array(Math.max(end, units.length * 2));
    more.set(units.subarray(0, at));
    units = more;
  }
  for (let i = 0; i < s.length; i++) units[at + i] = s.charCodeAt(i);
  starts[id + 1] = end;
  return id;
}

/** Interns `s` and returns its id. */
export function intern(s: string): number {
  const h = hashOf(s), mask = (table.length >> 1) - 1;
  let i = h & mask;
  for (;;) {
    const e = table[2 * i];
    if (e === 0) break;
    if (table[2 * i + 1] === h && nameIs(e - 1, s)) {
      remember(e - 1, s);
      return e - 1;
    }
    i = (i + 1) & mask;
  }
  const id = add(s);
  remember(id, s);
  if (2 * count > table.length >> 1) {
    growTable();
    place(h, id);
  } else {
    table[2 * i] = id + 1;
    table[2 * i + 1] = h;
  }
  return id;
}

// id 0: the empty symbol
place(hashOf(""), add(""));

/** The text of symbol id `id`. */
export function symName(id: number): string {
  const slot = id & (CACHE - 1);
  if (cachedId[slot] === id) return cachedName[slot];
  const at = starts[id], end = starts[id + 1];
  // code unit by code unit (a decoder would drop a leading U+FEFF and replace lone surrogates)
  let s = "";
  if (end - at < 16) { for (let i = at; i < end; i++) s += String.fromCharCode(units[i]); }
  else {
    for (let i = at; i < end; i += 4096) {
      s += String.fromCharCode.apply(null, units.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
    }
  }
  remember(id, s);
  return s;
}

/** Interns every string of `xs` into a new Int32Array of ids. */
export function internAll(xs: readonly string[]): Int32Array {
  const r = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) r[i] = intern(xs[i]);
  return r;
}

/** Number of interned symbols (ids are below it). */
export function symCount(): number {
  return count;
}

/** Compares two symbol ids by their text (code unit by code unit, as JavaScript compares strings), as q sorts symbols. */
export function compareSyms(a: number, b: number): number {
  if (a === b) return 0;
  const x = starts[a], xn = starts[a + 1] - x, y = starts[b], yn = starts[b + 1] - y, n = Math.min(xn, yn);
  for (let i = 0; i < n; i++) {
    const d = units[x + i] - units[y + i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return xn < yn ? -1 : xn > yn ? 1 : 0;
}
