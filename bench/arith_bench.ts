/**
 * Interpreter overhead of vector arithmetic: `x+y`, `x*y`, `x-y`, `x+1`
 * and `sum x` on float, long and int vectors of 1e6 and 1e7 items, each
 * computed side by side in one group:
 *
 * - a plain JS loop over the typed arrays doing the work BorF does
 *   (allocate the result, propagate or skip nulls): the group's baseline;
 * - the primitive (`add`, `multiply`, `subtract`, `sum`) on `Vec` values;
 * - `session.eval` of the q expression with `x` and `y` bound as globals
 *   (lexing, parsing and compiling the line every time, as the console does).
 *
 * For long, the baseline handles 0N the way V8 compiles well: the unchecked
 * loop (BigInt64Array arithmetic becomes machine integers), then a second pass
 * over the int32 halves writing 0N wherever an operand is 0N (`sum` skips 0N by
 * its halves). Two more plain loops are shown for reference: the naive one
 * comparing each item with the BigInt 0N (V8 then allocates a BigInt per item)
 * and one without null checks, the floor.
 *
 * The plain loops are written out one by one on purpose: a shared loop
 * taking the operation as a callback would be polymorphic and measure V8's
 * call dispatch instead. The scalar of `x+1` has the vector's own type
 * (`1f`, `1`, `1i`) so that no variant widens. The data holds one null per
 * 1,024 items in each operand. Every variant's result (but the one without
 * null checks) is checked against the baseline's before the benches run, and
 * each timed call starts after a full garbage collection (see `gc.ts`), so no
 * bench pays for the garbage of the one before.
 *
 * @module
 */

import { Session } from "../src/eval/session.ts";
import { sum } from "../src/prim/agg.ts";
import { add, multiply, subtract } from "../src/prim/arith.ts";
import { NI, NJ } from "../src/value/nulls.ts";
import { Atom, type Value, Vec } from "../src/value/value.ts";
import { timed } from "./gc.ts";
import { type Payload, raw, rng, same } from "./common.ts";

type Arr = Float64Array | BigInt64Array | Int32Array;
type Out = Payload;

// ---------------------------------------------------------------- plain loops: float

function addF(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length, r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] + y[i];
  return r;
}
function mulF(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length, r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] * y[i];
  return r;
}
function subF(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length, r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] - y[i];
  return r;
}
function incF(x: Float64Array): Float64Array {
  const n = x.length, r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] + 1;
  return r;
}
/** Skips NaN (null), as q's sum does. */
function sumF(x: Float64Array): number {
  let s = 0;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    if (v === v) s += v;
  }
  return s;
}

// ---------------------------------------------------------------- plain loops: int (0Ni in, 0Ni out)

function addI(x: Int32Array, y: Int32Array): Int32Array {
  const n = x.length, r = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NI || b === NI ? NI : (a + b) | 0;
  }
  return r;
}
function mulI(x: Int32Array, y: Int32Array): Int32Array {
  const n = x.length, r = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NI || b === NI ? NI : Math.imul(a, b);
  }
  return r;
}
function subI(x: Int32Array, y: Int32Array): Int32Array {
  const n = x.length, r = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NI || b === NI ? NI : (a - b) | 0;
  }
  return r;
}
function incI(x: Int32Array): Int32Array {
  const n = x.length, r = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i];
    r[i] = a === NI ? NI : (a + 1) | 0;
  }
  return r;
}
/** Skips 0Ni; the total wraps to 32 bits. */
function sumI(x: Int32Array): number {
  let s = 0;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    if (v !== NI) s += v;
  }
  return s | 0;
}

// ---------------------------------------------------------------- plain loops: long, 0N by BigInt compare (V8 allocates a BigInt per compare)

function addJc(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NJ || b === NJ ? NJ : a + b;
  }
  return r;
}
function mulJc(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NJ || b === NJ ? NJ : a * b;
  }
  return r;
}
function subJc(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i], b = y[i];
    r[i] = a === NJ || b === NJ ? NJ : a - b;
  }
  return r;
}
function incJc(x: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i];
    r[i] = a === NJ ? NJ : a + 1n;
  }
  return r;
}
/** Skips 0N; exact wrapping 64-bit total in a one-item accumulator. */
function sumJc(x: BigInt64Array): bigint {
  const acc = new BigInt64Array(1);
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    if (v !== NJ) acc[0] += v;
  }
  return acc[0];
}

// ---------------------------------------------------------------- plain loops: long, no null checks

function addJn(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] + y[i];
  return r;
}
function mulJn(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] * y[i];
  return r;
}
function subJn(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] - y[i];
  return r;
}
function incJn(x: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) r[i] = x[i] + 1n;
  return r;
}
function sumJn(x: BigInt64Array): bigint {
  const acc = new BigInt64Array(1);
  for (let i = 0, n = x.length; i < n; i++) acc[0] += x[i];
  return acc[0];
}

// ---------------------------------------------------------------- plain loops: long, 0N by int32 halves

/** Int32 view of int64 data: item i is words 2i (low) and 2i+1 (high). */
function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Writes 0N into `r` wherever `x` or `y` holds 0N (high word 0x80000000, low word 0). */
function fixNulls(r: BigInt64Array, x: BigInt64Array, y: BigInt64Array | null): BigInt64Array {
  const hr = halves(r), hx = halves(x), hy = y === null ? hx : halves(y);
  for (let j = 1, m = hr.length; j < m; j += 2) {
    if ((hx[j] === NI && hx[j - 1] === 0) || (hy[j] === NI && hy[j - 1] === 0)) {
      hr[j] = NI;
      hr[j - 1] = 0;
    }
  }
  return r;
}
function addJ(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  return fixNulls(addJn(x, y), x, y);
}
function mulJ(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  return fixNulls(mulJn(x, y), x, y);
}
function subJ(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  return fixNulls(subJn(x, y), x, y);
}
function incJ(x: BigInt64Array): BigInt64Array {
  return fixNulls(incJn(x), x, null);
}
/** Skips 0N by its int32 halves, so no BigInt compare per item. */
function sumJ(x: BigInt64Array): bigint {
  const h = halves(x), acc = new BigInt64Array(1);
  for (let i = 0, j = 1, n = x.length; i < n; i++, j += 2) {
    if (h[j] !== NI || h[j - 1] !== 0) acc[0] += x[i];
  }
  return acc[0];
}

// ---------------------------------------------------------------- the cases

/** A computation on the two operands (the scalar of `x+1` is built in). */
type Run<A extends Arr> = (x: A, y: A) => Out;

/** One q expression: the baseline loop, other plain loops, and the primitive call. */
interface Op<A extends Arr> {
  q: string;
  baseline: Run<A>;
  others?: Record<string, Run<A>>;
  prim: (x: Vec, y: Vec, one: Atom) => Value;
  primName: string;
}

/** One element type and its five operations. */
interface Kind<A extends Arr> {
  name: string;
  t: number;
  /** The atom 1 of this type (the scalar of `x+1`). */
  one: Atom;
  make(n: number): [A, A];
  ops: Op<A>[];
}

const PRIM = {
  add: { prim: (x: Vec, y: Vec) => add(x, y), primName: "add" },
  mul: { prim: (x: Vec, y: Vec) => multiply(x, y), primName: "multiply" },
  sub: { prim: (x: Vec, y: Vec) => subtract(x, y), primName: "subtract" },
  inc: { prim: (x: Vec, _: Vec, one: Atom) => add(x, one), primName: "add" },
  sum: { prim: (x: Vec) => sum(x), primName: "sum" },
};

/** Two operands of `n` items in [-m, m); x is null at items 0 mod 1024, y at 512 mod 1024. */
function operands<A extends Arr>(make: (n: number) => A, n: number, m: number, nul: number | bigint): [A, A] {
  const [x, y] = [make(n), make(n)];
  const r = rng(42);
  const set = x instanceof BigInt64Array
    ? (a: A, i: number, v: number) => (a[i] = BigInt(v) as never)
    : (a: A, i: number, v: number) => (a[i] = v as never);
  for (let i = 0; i < n; i++) {
    set(x, i, Math.floor((r() * 2 - 1) * m));
    set(y, i, Math.floor((r() * 2 - 1) * m));
  }
  for (let i = 0; i < n; i += 1024) x[i] = nul as never;
  for (let i = 512; i < n; i += 1024) y[i] = nul as never;
  return [x, y];
}

const FLOAT: Kind<Float64Array> = {
  name: "float",
  t: 9,
  one: new Atom(-9, 1),
  make: (n) => operands((k) => new Float64Array(k), n, 1e6, NaN),
  ops: [
    { q: "x+y", baseline: addF, ...PRIM.add },
    { q: "x*y", baseline: mulF, ...PRIM.mul },
    { q: "x-y", baseline: subF, ...PRIM.sub },
    { q: "x+1f", baseline: incF, ...PRIM.inc },
    { q: "sum x", baseline: sumF, ...PRIM.sum },
  ],
};

const PLAIN = "plain loop";
const NO_NULLS = "plain loop, no null checks";
const COMPARE = "plain loop, 0N by BigInt compare";

const LONG: Kind<BigInt64Array> = {
  name: "long",
  t: 7,
  one: new Atom(-7, 1n),
  make: (n) => operands((k) => new BigInt64Array(k), n, 1e6, NJ),
  ops: [
    { q: "x+y", baseline: addJ, others: { [COMPARE]: addJc, [NO_NULLS]: addJn }, ...PRIM.add },
    { q: "x*y", baseline: mulJ, others: { [COMPARE]: mulJc, [NO_NULLS]: mulJn }, ...PRIM.mul },
    { q: "x-y", baseline: subJ, others: { [COMPARE]: subJc, [NO_NULLS]: subJn }, ...PRIM.sub },
    { q: "x+1", baseline: incJ, others: { [COMPARE]: incJc, [NO_NULLS]: incJn }, ...PRIM.inc },
    { q: "sum x", baseline: sumJ, others: { [COMPARE]: sumJc, [NO_NULLS]: sumJn }, ...PRIM.sum },
  ],
};

const INT: Kind<Int32Array> = {
  name: "int",
  t: 6,
  one: new Atom(-6, 1),
  make: (n) => operands((k) => new Int32Array(k), n, 1000, NI),
  ops: [
    { q: "x+y", baseline: addI, ...PRIM.add },
    { q: "x*y", baseline: mulI, ...PRIM.mul },
    { q: "x-y", baseline: subI, ...PRIM.sub },
    { q: "x+1i", baseline: incI, ...PRIM.inc },
    { q: "sum x", baseline: sumI, ...PRIM.sum },
  ],
};

// ---------------------------------------------------------------- registration

/**
 * Sizes and iteration counts for a noisy 2-vCPU machine. The long warm-up
 * lets V8's background compiler finish before timing starts: until it does,
 * a 1e6-item loop runs unoptimized and takes 20-40 ms.
 */
const SIZES = [
  { n: 1e6, label: "1e6", iters: 150, warmup: 60 },
  { n: 1e7, label: "1e7", iters: 30, warmup: 8 },
];

function register<A extends Arr>(kind: Kind<A>, size: (typeof SIZES)[number]): void {
  const [x, y] = kind.make(size.n);
  const xv = new Vec(kind.t, x), yv = new Vec(kind.t, y);
  const session = new Session({ out: () => {}, err: () => {} });
  session.set("x", "", xv);
  session.set("y", "", yv);
  for (const op of kind.ops) {
    const group = `${kind.name} ${op.q} · ${size.label} items`;
    const cases: [string, () => Out][] = [
      [PLAIN, () => op.baseline(x, y)],
      ...Object.entries(op.others ?? {}).map(([name, f]): [string, () => Out] => [name, () => f(x, y)]),
      [`prim ${op.primName} (Vec)`, () => raw(op.prim(xv, yv, kind.one))],
      [`session.eval("${op.q}")`, () => raw(session.eval(op.q))],
    ];
    const expected = cases[0][1]();
    for (const [name, fn] of cases) {
      if (name !== NO_NULLS && !same(fn(), expected)) {
        throw new Error(`${group}: ${name} disagrees with the plain loop`);
      }
      Deno.bench({ name, group, baseline: name === PLAIN, n: size.iters, warmup: size.warmup, fn: timed(fn) });
    }
  }
}

for (const size of SIZES) {
  register(FLOAT, size);
  register(LONG, size);
  register(INT, size);
}
