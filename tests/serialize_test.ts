/**
 * q's IPC serialization (src/io/serialize.ts): the byte examples of
 * kb/serialization.md as golden cases, a round trip of random values of
 * every type, and truncated or corrupted input always giving a BorF error.
 *
 * @module
 */

import assert from "node:assert/strict";
import { rng } from "./_rng.ts";
import { QError } from "../src/err/qerror.ts";
import { Session } from "../src/eval/session.ts";
import { compress, decodeValue, deserialize, encodeValue, serialize, uncompress } from "../src/io/serialize.ts";
import { match } from "../src/prim/match.ts";
import { GLYPHS, UNARY_FORMS } from "../src/prim/verbs.ts";
import { NH, NI, NJ, WH, WI, WJ } from "../src/value/nulls.ts";
import { intern } from "../src/value/sym.ts";
import { ctorOf } from "../src/value/types.ts";
import { Atom, Comp, Derived, Dict, Fn, List, NIL, Proj, Table, type Value, Vec } from "../src/value/value.ts";

const session = new Session({ out: () => {}, err: () => {} });

/** Hex of bytes, as q shows a byte vector (without the 0x). */
function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Bytes from hex. */
function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!, (x) => parseInt(x, 16));
}

// Transcribed from kb/serialization.md (`1` there is an int: those examples predate 64-bit longs).
const GOLDEN: [string, string][] = [
  ["1i", "010000000d000000fa01000000"],
  ["enlist 1i", "010000001200000006000100000001000000"],
  ["`byte$til 5", "01000000130000000400050000000001020304"],
  ["`byte$enlist til 5", "01000000190000000000010000000400050000000001020304"],
  ["`a`b!2 3i", "0100000021000000630b0002000000610062000600020000000200000003000000"],
  [
    "`a`b!enlist each 2 3i",
    "010000002d000000630b0002000000610062000000020000000600010000000200000006000100000003000000",
  ],
  [
    "([]a:enlist 2i;b:enlist 3i)",
    "010000002f0000006200630b0002000000610062000000020000000600010000000200000006000100000003000000",
  ],
  [
    "([a:enlist 2i]b:enlist 3i)",
    "010000003f000000636200630b00010000006100000001000000060001000000020000006200630b0001000000620000000100000006000100000003000000",
  ],
  ["{x+y}", "010000001500000064000a00050000007b782b797d"],
];

Deno.test("-8! gives the bytes of the q reference's serialization examples, and -9! reads them back", () => {
  for (const [src, bytes] of GOLDEN) {
    const v = session.eval(src);
    assert.equal(hex(serialize(v)), bytes, src);
    assert.equal(hex(serialize(deserialize(unhex(bytes)))), bytes, src);
    assert.ok(v instanceof Fn || match(deserialize(unhex(bytes)), v), src);
  }
});

// ---------------------------------------------------------------- random values

const BASIC = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
/** The operators q serializes by code. */
const OPERATORS = ":+-*%&|^=<>$,#_~!?@.";
const LAMBDAS = ["{x+y}", "{[a;b] a*b}", "{x}", '{"é"," ",x}', "{[t] select from t}"];

type Rand = () => number;

/** A random integer in [lo, hi]. */
function int(r: Rand, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** A random raw element of basic type t (nulls and infinities included). */
function element(t: number, r: Rand): number | bigint {
  const pick = r();
  switch (t) {
    case 1:
      return int(r, 0, 1);
    case 4:
    case 10:
      return int(r, 0, 255);
    case 5:
      return pick < 0.1 ? NH : pick < 0.15 ? WH : int(r, -30000, 30000);
    case 7:
    case 12:
    case 16:
      return pick < 0.1 ? NJ : pick < 0.15 ? WJ : BigInt(int(r, -(2 ** 30), 2 ** 30)) * BigInt(int(r, 1, 2 ** 30));
    case 8:
      return pick < 0.1 ? NaN : Math.fround((r() - 0.5) * 1e6);
    case 9:
    case 15:
      return pick < 0.1 ? NaN : pick < 0.15 ? -Infinity : (r() - 0.5) * 10 ** int(r, -5, 12);
    case 11:
      return intern(pick < 0.1 ? "" : String.fromCharCode(int(r, 97, 122)) + "é_."[int(r, 0, 2)] + int(r, 0, 99));
    default:
      return pick < 0.1 ? NI : pick < 0.15 ? WI : int(r, -1e6, 1e6);
  }
}

/** A random vector of basic type t with n items and a random attribute. */
function vector(t: number, n: number, r: Rand): Vec {
  if (t === 2) return new Vec(2, Uint8Array.from({ length: 16 * n }, () => int(r, 0, 255)));
  const a = new (ctorOf(t))(n) as unknown as (number | bigint)[];
  for (let i = 0; i < n; i++) a[i] = element(t, r);
  return new Vec(t, a as unknown as Int32Array, r() < 0.2 ? int(r, 1, 4) : 0);
}

/** A random atom of basic type t. */
function atom(t: number, r: Rand): Atom {
  return new Atom(-t, t === 2 ? Uint8Array.from({ length: 16 }, () => int(r, 0, 255)) : element(t, r));
}

/** A random table with `n` rows. */
function table(r: Rand, n: number, depth: number): Table {
  const k = int(r, 1, 4);
  const cols = Array.from({ length: k }, (_, i) => `c${i}`);
  const data = cols.map(() => (r() < 0.8 ? vector(BASIC[int(r, 0, BASIC.length - 1)], n, r) : listOf(r, n, depth)));
  return new Table(cols, data);
}

/** A general list of n random items. */
function listOf(r: Rand, n: number, depth: number): List {
  return new List(Array.from({ length: n }, () => value(r, depth + 1)));
}

/** A random function: lambda, operator, unary form, iterator-derived, projection or composition. */
function fn(r: Rand, depth: number): Value {
  const ops = [...GLYPHS.values()].filter((p) => p.name.length === 1 && OPERATORS.includes(p.name));
  const unaries = [...UNARY_FORMS.values()].filter((p) => OPERATORS.includes(p.name[0]));
  switch (int(r, 0, 5)) {
    case 0:
      return session.eval(LAMBDAS[int(r, 0, LAMBDAS.length - 1)]);
    case 1:
      return ops[int(r, 0, ops.length - 1)];
    case 2:
      return unaries[int(r, 0, unaries.length - 1)];
    case 3:
      return new Derived(fn(r, depth + 1), ["'", "/", "\\", "':", "/:", "\\:"][int(r, 0, 5)]);
    case 4:
      return new Proj(session.eval("{x+y+z}"), [undefined, value(r, depth + 1)], 2);
    default:
      return new Comp([GLYPHS.get("+")!, UNARY_FORMS.get("-")!]);
  }
}

/** A random value of any type, nesting up to a few levels. */
function value(r: Rand, depth = 0): Value {
  const pick = depth > 3 ? r() * 0.5 : r();
  const t = BASIC[int(r, 0, BASIC.length - 1)];
  if (pick < 0.25) return atom(t, r);
  if (pick < 0.5) return vector(t, int(r, 0, 6), r);
  if (pick < 0.6) return listOf(r, int(r, 0, 4), depth);
  if (pick < 0.7) return new Dict(vector(11, 3, r), r() < 0.5 ? vector(t, 3, r) : listOf(r, 3, depth));
  if (pick < 0.8) return table(r, int(r, 0, 4), depth);
  if (pick < 0.85) {
    const n = int(r, 0, 3);
    return new Dict(table(r, n, depth), table(r, n, depth));
  }
  if (pick < 0.95) return fn(r, depth);
  return NIL;
}

/** Values of every type: each basic type as atom and vector, then random nested values. */
function* randomValues(r: Rand, n: number): Generator<Value> {
  for (const t of BASIC) {
    yield atom(t, r);
    yield vector(t, int(r, 0, 10), r);
  }
  for (let i = 0; i < n; i++) yield value(r);
}

Deno.test("decode(encode(x)) is x for 2,000 random values of every type", () => {
  const r = rng(8);
  let n = 0;
  for (const v of randomValues(r, 2000)) {
    const bytes = serialize(v);
    const back = deserialize(bytes);
    assert.equal(hex(serialize(back)), hex(bytes));
    if (!(v instanceof Fn)) assert.ok(match(back, v), `${hex(bytes)} decoded to a different value`);
    assert.equal(hex(encodeValue(back)), hex(bytes.subarray(8)));
    n++;
  }
  assert.ok(n >= 2000);
});

/** Runs f, which must either return or throw a QError (anything else is a crash). */
function decodesOrErrs(bytes: Uint8Array): Value | QError {
  try {
    return deserialize(bytes);
  } catch (e) {
    if (e instanceof QError) return e;
    throw new Error(`decoding ${hex(bytes)} crashed: ${e}`);
  }
}

Deno.test("truncated messages always give 'badmsg, with or without a consistent header", () => {
  const r = rng(9);
  for (const v of randomValues(r, 500)) {
    const bytes = serialize(v);
    for (const cut of new Set([0, 1, 7, 8, int(r, 9, bytes.length - 1), bytes.length - 1])) {
      if (cut >= bytes.length) continue;
      const short = bytes.slice(0, cut);
      const asIs = decodesOrErrs(short);
      assert.ok(asIs instanceof QError && asIs.qname === "badmsg", `cut at ${cut}: ${hex(bytes)}`);
      if (cut < 9) continue;
      new DataView(short.buffer).setUint32(4, cut, true);
      const fixed = decodesOrErrs(short);
      assert.ok(fixed instanceof QError, `cut at ${cut} with header fixed: ${hex(bytes)}`);
    }
    assert.throws(() => decodeValue(bytes.subarray(8, bytes.length - 1)), QError);
  }
});

Deno.test("corrupted messages give a value or a BorF error, never a crash", () => {
  const r = rng(10);
  let errors = 0;
  for (const v of randomValues(r, 1000)) {
    const bytes = serialize(v);
    for (let k = 0; k < 3; k++) {
      const bad = bytes.slice();
      for (let j = 0; j < 1 + int(r, 0, 3); j++) bad[int(r, 8, bad.length - 1)] = int(r, 0, 255);
      if (decodesOrErrs(bad) instanceof QError) errors++;
    }
  }
  assert.ok(errors > 500, `only ${errors} corruptions were detected`);
});

/** A little-endian message around a body given in hex, its header's length correct. */
function message(body: string): Uint8Array {
  const b = unhex("0100000000000000" + body);
  new DataView(b.buffer).setUint32(4, b.length, true);
  return b;
}

Deno.test("malformed structure is named in the error", () => {
  const bad: [Uint8Array, RegExp][] = [
    [message("f9"), /truncated/], // long atom without its 8 bytes
    [message("70"), /unknown type 112/],
    [message("fd"), /unknown type -3/],
    [message("060000000080"), /negative count/],
    [message("0600ffffff7f"), /truncated/],
    [message("1e"), /enumeration/],
    [message("0b0001000000"), /no terminating NUL/],
    [message("630b0001000000610007000200000000000000000000000000000000000000"), /differ in length/],
    [message("636200630b00"), /truncated/],
    [message("6200630b0001000000610006000100000001000000"), /columns must be a list/],
    [message("6200630b00010000006100000001000000fa01000000"), /columns must be lists/],
    [message("6a00"), /unknown primitive 106|truncated/],
    [message("6614"), /unknown primitive 102\/20/],
    [message("6706"), /unknown primitive 103\/6/],
    [message("f90100000000000000ff"), /1 bytes follow the value/],
    [unhex("020000000800000000"), /byte order/],
    [unhex("01000000ff000000"), /header says 255 bytes/],
    [unhex("01000000"), /shorter than the 8-byte header/],
  ];
  for (const [b, why] of bad) {
    const e = decodesOrErrs(b);
    assert.ok(e instanceof QError, hex(b));
    assert.match(e.message, why, hex(b));
  }
});

Deno.test("a serialized error signals it; a serialized lambda must be exactly one lambda", () => {
  const e = decodesOrErrs(message("8074797065" + "00"));
  assert.ok(e instanceof QError && e.qname === "type");
  const notLambda = decodesOrErrs(message("64000a0003000000" + hex(new TextEncoder().encode("1+2"))));
  assert.ok(notLambda instanceof QError && /not a single lambda/.test(notLambda.message));
  const twoLambdas = decodesOrErrs(message("64000a0007000000" + hex(new TextEncoder().encode("{x};{y}"))));
  assert.ok(twoLambdas instanceof QError);
});

Deno.test("values that q cannot serialize are errors", () => {
  assert.throws(() => serialize(session.eval("sum")), QError);
  assert.throws(() => serialize(new Atom(-11, intern("a\0b"))), QError);
});

Deno.test("compression as q does it: large messages shrink and decompress to the same bytes", () => {
  const r = rng(11);
  for (let k = 0; k < 50; k++) {
    const v = k % 2 ? session.eval(`${int(r, 100, 5000)}#til ${int(r, 1, 50)}`) : value(r);
    const plain = serialize(v);
    const packed = compress(plain);
    if (packed === plain) continue;
    assert.ok(packed.length < plain.length / 2 && packed[2] === 1);
    assert.equal(hex(uncompress(packed)), hex(plain));
    assert.ok(match(deserialize(packed), v) || v instanceof Fn);
  }
  const big = serialize(session.eval("10000#`a`b`c"));
  const packed = compress(big);
  assert.ok(packed.length < 400);
  for (let cut = 12; cut < packed.length; cut += 7) {
    const short = packed.slice(0, cut);
    new DataView(short.buffer).setUint32(4, cut, true);
    assert.ok(decodesOrErrs(short) instanceof QError);
  }
});
