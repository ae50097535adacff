/**
 * q's patterns (reference: basics/regex.md) and `like`: `?` matches any
 * character, `*` any sequence, `[abc]` one of a list of alternatives (with
 * ranges `0-9`, and `[^…]` for any character not listed). The same compiled
 * patterns serve `ss` and `ssr`, which search for matches of fixed length.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { symName } from "../value/sym.ts";
import { Atom, Dict, List, type Value, Vec } from "../value/value.ts";

/** Kinds of pattern token; a list of alternatives is its 256-entry membership table. */
const ANY = -1, STAR = -2;

/**
 * A compiled pattern: one token per position, a character code, ANY, STAR,
 * or a membership table of the characters a list of alternatives matches.
 */
export interface Pattern {
  readonly tokens: readonly (number | Uint8Array)[];
  /** Positions of `*` tokens. */
  readonly stars: readonly number[];
}

/** Compiles the bytes of a q pattern. */
export function compilePattern(p: Uint8Array): Pattern {
  const tokens: (number | Uint8Array)[] = [], stars: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 63) tokens.push(ANY); // ?
    else if (c === 42) {
      stars.push(tokens.length);
      tokens.push(STAR);
    } else if (c === 91 && p.indexOf(93, i + (p[i + 1] === 94 ? 3 : 2)) > 0) {
      i = alternatives(p, i, tokens);
    } else tokens.push(c);
  }
  return { tokens, stars };
}

/** Reads the list of alternatives opening at `p[i]` (`[`) into a token; returns the index of its `]`. */
function alternatives(p: Uint8Array, i: number, tokens: (number | Uint8Array)[]): number {
  const negate = p[i + 1] === 94; // ^
  let j = i + (negate ? 2 : 1);
  const set = new Uint8Array(256);
  // a `]` right after the opening is one of the alternatives
  do {
    const c = p[j];
    if (p[j + 1] === 45 && p[j + 2] !== 93 && j + 2 < p.length) { // a-z
      for (let k = c; k <= p[j + 2]; k++) set[k] = 1;
      j += 3;
    } else {
      set[c] = 1;
      j++;
    }
  } while (j < p.length && p[j] !== 93);
  if (negate) { for (let k = 0; k < 256; k++) set[k] ^= 1; }
  tokens.push(set);
  return j;
}

/** True when token `tk` accepts character `c`. */
function accepts(tk: number | Uint8Array, c: number): boolean {
  return typeof tk === "number" ? tk === c || tk === ANY : tk[c] === 1;
}

/** True when the star-free pattern `p` matches `s` at position `at`. */
export function matchesAt(p: Pattern, s: Uint8Array, at: number): boolean {
  const tk = p.tokens;
  if (at + tk.length > s.length) return false;
  for (let k = 0; k < tk.length; k++) if (!accepts(tk[k], s[at + k])) return false;
  return true;
}

/**
 * True when the whole of `s` matches `p`. q matches at most two `*`, and
 * two only as the first and last tokens (`*the*`); other patterns with
 * several are 'nyi (reference: basics/regex.md).
 */
export function matchesAll(p: Pattern, s: Uint8Array): boolean {
  const tk = p.tokens, st = p.stars, n = tk.length;
  if (st.length === 0) return s.length === n && matchesAt(p, s, 0);
  if (st.length > 2 || (st.length === 2 && (st[0] !== 0 || st[1] !== n - 1))) {
    return qerr("nyi", "like matches at most a leading and a trailing *");
  }
  if (st.length === 2) return containsRun(tk, 1, n - 1, s);
  const star = st[0], tail = n - 1 - star;
  if (s.length < n - 1) return false;
  for (let k = 0; k < star; k++) if (!accepts(tk[k], s[k])) return false;
  for (let k = 0; k < tail; k++) if (!accepts(tk[star + 1 + k], s[s.length - tail + k])) return false;
  return true;
}

/** True when tokens `from` to `to` (exclusive) match somewhere in `s`. */
function containsRun(tk: readonly (number | Uint8Array)[], from: number, to: number, s: Uint8Array): boolean {
  const m = to - from;
  outer: for (let i = 0; i + m <= s.length; i++) {
    for (let k = 0; k < m; k++) if (!accepts(tk[from + k], s[i + k])) continue outer;
    return true;
  }
  return false;
}

const encoder = new TextEncoder();

/** The pattern of a `like`/`ss` right argument: a string or a char. */
export function patternOf(y: Value): Pattern {
  if (y instanceof Vec && y.t === 10) return compilePattern(y.a as Uint8Array);
  if (y instanceof Atom && y.t === -10) return compilePattern(Uint8Array.of(y.v as number));
  return qerr("type", "a pattern is a string");
}

/** `x like y`: whether text (symbols or strings, in lists and dictionary values) matches pattern y. */
export function like(x: Value, y: Value): Value {
  return likeP(x, patternOf(y));
}

function likeP(x: Value, p: Pattern): Value {
  if (x instanceof Atom && x.t === -11) {
    return new Atom(-1, matchesAll(p, encoder.encode(symName(x.v as number))) ? 1 : 0);
  }
  if (x instanceof Atom && x.t === -10) return new Atom(-1, matchesAll(p, Uint8Array.of(x.v as number)) ? 1 : 0);
  if (x instanceof Vec && x.t === 10) return new Atom(-1, matchesAll(p, x.a as Uint8Array) ? 1 : 0);
  if (x instanceof Vec && x.t === 11) return new Vec(1, likeSyms(x.a as Int32Array, p));
  if (x instanceof List) {
    const r = new Uint8Array(x.a.length);
    for (let i = 0; i < r.length; i++) {
      const v = likeP(x.a[i], p);
      if (!(v instanceof Atom)) return new List(x.a.map((xi) => likeP(xi, p)));
      r[i] = v.v as number;
    }
    return new Vec(1, r);
  }
  if (x instanceof Dict) return new Dict(x.k, likeP(x.v, p));
  return qerr("type", "like matches symbols or strings");
}

/** Matches each symbol of a vector, once per distinct symbol. */
function likeSyms(ids: Int32Array, p: Pattern): Uint8Array {
  const r = new Uint8Array(ids.length), seen = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    let hit = seen.get(id);
    if (hit === undefined) {
      hit = matchesAll(p, encoder.encode(symName(id))) ? 1 : 0;
      seen.set(id, hit);
    }
    r[i] = hit;
  }
  return r;
}
