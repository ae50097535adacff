/**
 * The process-wide symbol table: every symbol is an interned id, so symbol
 * vectors are Int32Arrays and equality is an integer compare. Id 0 is the
 * empty symbol (q's null symbol).
 *
 * @module
 */

const names: string[] = [""];
const ids = new Map<string, number>([["", 0]]);

/** Interns `s` and returns its id. */
export function intern(s: string): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = names.length;
    names.push(s);
    ids.set(s, id);
  }
  return id;
}

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

/** Compares two symbol ids by their text, as q sorts symbols. */
export function compareSyms(a: number, b: number): number {
  if (a === b) return 0;
  const x = names[a], y = names[b];
  return x < y ? -1 : x > y ? 1 : 0;
}
