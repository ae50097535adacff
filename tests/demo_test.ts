/**
 * The demo end to end, small: builds a seeded database of 20,000 trades in
 * a temporary directory, runs the showcase, and reuses the database on a
 * second run.
 *
 * @module
 */

import assert from "node:assert/strict";

const DEMO = new URL("../scripts/demo.ts", import.meta.url).pathname;

async function demo(dir: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", DEMO, dir, "--trades", "20000"],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test("the demo builds its database, runs every showcase query, and reuses the database", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await demo(`${dir}/db`);
    assert.match(first, /^Building the demo database/);
    assert.match(first, /q\)\(count trade; count quote; count distinct trade`sym\)\n20000 40000 300\n/);
    for (const title of ["busiest names", "One-minute bars", "Top movers", "as-of join", "explain"]) {
      assert.match(first, new RegExp(title));
    }
    assert.doesNotMatch(first, /^'/m, "no showcase query fails");
    assert.equal((first.match(/\(\d+(\.\d)? ms\)/g) ?? []).length, 7);
    assert.match(first, /deno task borf .*\/db/);
    const second = await demo(`${dir}/db`);
    assert.doesNotMatch(second, /Building/);
    assert.equal(
      second.replace(/\(\d+(\.\d)? ms\)/g, ""),
      first.replace(/^Building.*\n.*\n\n/, "").replace(/\(\d+(\.\d)? ms\)/g, ""),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
