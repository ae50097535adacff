/**
 * The symbol table: names come back exactly as interned (long ones, a
 * leading U+FEFF, lone surrogates), also after they left the cache of
 * recent names, and interning them again finds the same id.
 *
 * @module
 */

import assert from "node:assert/strict";
import { compareSyms, intern, symName } from "../src/value/sym.ts";

Deno.test("names survive the table exactly, in and out of the cache of recent names", () => {
  const names = [
    "\ufeffabcdefghijklmnopqrstuvw",
    "x\ud800y (a lone surrogate)",
    "é".repeat(5000),
    "",
    "plain",
  ];
  const ids = names.map(intern);
  for (let i = 0; i < 40000; i++) intern(`evict${i}`); // pushes the names out of the cache
  names.forEach((s, j) => {
    assert.equal(symName(ids[j]), s);
    assert.equal(intern(s), ids[j]);
  });
  assert.equal(compareSyms(intern("ab"), intern("abc")), -1);
  assert.equal(compareSyms(intern("b"), intern("abc")), 1);
});
