/**
 * The storage tests again, in a child process without `--allow-ffi`: the
 * same API must work (and give the same answers) by reading files into
 * memory instead of mapping them.
 *
 * @module
 */

import assert from "node:assert/strict";

Deno.test("storage works without --allow-ffi (files read into memory)", async () => {
  const test = new URL("./storage_test.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-read", "--allow-write", "--allow-env", "--allow-run", "--allow-sys", test],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.match(text, /storage mode: read into memory \(no FFI\)/);
  assert.equal(out.code, 0, text);
});
