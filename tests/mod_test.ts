/**
 * The library surface (`mod.ts`): sessions, values to and from JavaScript,
 * console text, errors.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fromJS, QError, Session, toDate, toJS } from "../mod.ts";

const quiet = () => new Session({ out: () => {}, err: () => {} });

Deno.test("Session.eval returns values that toJS turns into typed arrays without copying", () => {
  const q = quiet();
  q.eval("t:([]sym:`a`b`a;px:10 20 30f;n:1 2 3)");
  const px = toJS(q.eval("t`px"));
  assert.ok(px instanceof Float64Array);
  assert.deepEqual(Array.from(px as Float64Array), [10, 20, 30]);
  assert.equal(toJS(q.eval("sum t`px")), 60);
  assert.deepEqual(toJS(q.eval("t`n")), BigInt64Array.from([1n, 2n, 3n]));
  assert.deepEqual(toJS(q.eval("t`sym")), ["a", "b", "a"]);
  assert.deepEqual(toJS(q.eval("`x`y!1 2")), { x: 1n, y: 2n });
  assert.deepEqual(toJS(q.eval('"abc"')), "abc");
});

Deno.test("Session.line returns exactly what the console prints", () => {
  const q = quiet();
  assert.equal(q.line("([]a:1 2;b:`x`y)").text, "a b\n---\n1 x\n2 y");
  assert.equal(q.line("x:1").text, "");
  assert.equal(q.line("1+`a").text, "'type");
});

Deno.test("Session.eval throws a QError carrying q's error name and position", () => {
  const q = quiet();
  assert.throws(
    () => q.eval("1 2+1 2 3"),
    (e: unknown) => e instanceof QError && e.qname === "length" && e.span?.start === 0,
  );
  assert.throws(() => q.eval("nosuchname"), (e: unknown) => e instanceof QError && e.qname === "nosuchname");
});

Deno.test("fromJS values can be bound as globals and used by BorF code", () => {
  const q = quiet();
  q.bind("px", fromJS(new Float64Array([1.5, 2.5])));
  q.bind("syms", fromJS(["a", "b"]));
  q.bind("n", fromJS(5n));
  assert.equal(q.line("px*2").text, "3 5f");
  assert.equal(q.line("syms").text, "`a`b");
  assert.equal(q.line("til n").text, "0 1 2 3 4");
});

Deno.test("toDate turns date and timestamp counts into JS Dates", () => {
  const q = quiet();
  assert.equal(toDate(toJS(q.eval("2024.03.01")) as number, "date")?.toISOString(), "2024-03-01T00:00:00.000Z");
  const ts = toJS(q.eval("2024.03.01D12:30:00.5")) as bigint;
  assert.equal(toDate(ts, "timestamp")?.toISOString(), "2024-03-01T12:30:00.500Z");
  assert.equal(toDate(toJS(q.eval("0Nd")) as number, "date"), null);
});
