/**
 * Assertions the tests share.
 *
 * @module
 */

import assert from "node:assert/strict";
import { QError } from "../src/err/qerror.ts";

/** Asserts that `f` throws a BorF error named `name` whose message matches `message`. */
export function throwsQ(f: () => unknown, name: string, message: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof QError, `expected a BorF error, got ${e}`);
    assert.equal(e.qname, name, e.message);
    assert.match(e.message, message);
    return true;
  });
}
