/**
 * Kernels against naive references: arithmetic and sum over random int,
 * long and float vectors with nulls and infinities, checked element by
 * element against a plain per-item implementation of q's rules (a null in
 * gives a null out; integer overflow wraps; sum skips nulls).
 *
 * @module
 */

import assert from "node:assert/strict";
import { rng } from "./_rng.ts";
import { sum } from "../src/prim/agg.ts";
import { add, multiply, subtract } from "../src/prim/arith.ts";
import { NI, NJ, WI, WJ } from "../src/value/nulls.ts";
import { Atom, type Value, Vec } from "../src/value/value.ts";

const r = rng(7);
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function randomI32(n: number): Int32Array {
  return Int32Array.from({ length: n }, () => (r() < 0.1 ? NI : r() < 0.05 ? WI : int(-2e9, 2e9)));
}
function randomI64(n: number): BigInt64Array {
  return BigInt64Array.from(
    { length: n },
    () => (r() < 0.1 ? NJ : r() < 0.05 ? WJ : BigInt(int(-2e9, 2e9)) * BigInt(int(-2e9, 2e9))),
  );
}
function randomF64(n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : r() < 0.05 ? Infinity : (r() - 0.5) * 1e6));
}

type Op = "+" | "-" | "*";
const OPS: Record<Op, (x: Value, y: Value) => Value> = { "+": add, "-": subtract, "*": multiply };

function naiveI32(op: Op, a: number, b: number): number {
  if (a === NI || b === NI) return NI;
  const v = op === "+" ? a + b : op === "-" ? a - b : Number(BigInt.asIntN(32, BigInt(a) * BigInt(b)));
  return v | 0;
}
function naiveI64(op: Op, a: bigint, b: bigint): bigint {
  if (a === NJ || b === NJ) return NJ;
  return BigInt.asIntN(64, op === "+" ? a + b : op === "-" ? a - b : a * b);
}
function naiveF64(op: Op, a: number, b: number): number {
  return op === "+" ? a + b : op === "-" ? a - b : a * b;
}

for (const op of ["+", "-", "*"] as Op[]) {
  Deno.test(`${op} on int, long and float vectors agrees with a per-item reference (1,000 random vectors each)`, () => {
    for (let k = 0; k < 1000; k++) {
      const n = int(0, 40);
      const xi = randomI32(n), yi = randomI32(n);
      const ri = (OPS[op](new Vec(6, xi), new Vec(6, yi)) as Vec).a as Int32Array;
      for (let i = 0; i < n; i++) assert.equal(ri[i], naiveI32(op, xi[i], yi[i]), `int ${xi[i]}${op}${yi[i]}`);
      const xj = randomI64(n), yj = randomI64(n);
      const rj = (OPS[op](new Vec(7, xj), new Vec(7, yj)) as Vec).a as BigInt64Array;
      for (let i = 0; i < n; i++) assert.equal(rj[i], naiveI64(op, xj[i], yj[i]), `long ${xj[i]}${op}${yj[i]}`);
      const s = yj[0] ?? 3n;
      const rs = (OPS[op](new Vec(7, xj), new Atom(-7, s)) as Vec).a as BigInt64Array;
      for (let i = 0; i < n; i++) assert.equal(rs[i], naiveI64(op, xj[i], s));
      const xf = randomF64(n), yf = randomF64(n);
      const rf = (OPS[op](new Vec(9, xf), new Vec(9, yf)) as Vec).a as Float64Array;
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(rf[i], naiveF64(op, xf[i], yf[i])), `float ${xf[i]}${op}${yf[i]}`);
      }
    }
  });
}

Deno.test("int + long promotes to long and keeps nulls (1,000 random vectors)", () => {
  for (let k = 0; k < 1000; k++) {
    const n = int(0, 30);
    const xi = randomI32(n), yj = randomI64(n);
    const res = add(new Vec(6, xi), new Vec(7, yj)) as Vec;
    assert.equal(res.t, 7);
    for (let i = 0; i < n; i++) {
      const a = xi[i] === NI ? NJ : BigInt(xi[i]);
      assert.equal((res.a as BigInt64Array)[i], naiveI64("+", a, yj[i]));
    }
  }
});

Deno.test("sum skips nulls and wraps like q, for int, long and float (1,000 random vectors)", () => {
  for (let k = 0; k < 1000; k++) {
    const n = int(0, 50);
    const xi = randomI32(n);
    let si = 0n;
    for (const v of xi) if (v !== NI) si += BigInt(v);
    assert.equal((sum(new Vec(6, xi)) as Atom).v, Number(BigInt.asIntN(32, si)));
    const xj = randomI64(n);
    let sj = 0n;
    for (const v of xj) if (v !== NJ) sj += v;
    assert.equal((sum(new Vec(7, xj)) as Atom).v, BigInt.asIntN(64, sj));
    const xf = randomF64(n);
    let sf = 0;
    for (const v of xf) if (v === v) sf += v;
    assert.ok(Object.is((sum(new Vec(9, xf)) as Atom).v, sf));
  }
});
