/**
 * Golden tests: q console sessions in plain text under tests/golden/.
 *
 * Format of a golden file:
 *
 *     / Header comment lines (before the first input) name the q reference
 *     / pages the expectations were transcribed from.
 *     q)1+1
 *     2
 *     q)x:til 3
 *     q)x
 *     0 1 2
 *     q)1+`a
 *     'type
 *
 * Each `q)` line is one console input, evaluated in one session per file,
 * in order. The lines up to the next `q)` are the exact expected output
 * (what the console prints on stdout; errors print `'name`). Trailing
 * blanks on a line and blank lines at the end of a block are not compared:
 * the q reference pages the expectations come from do not keep them.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Session } from "../src/eval/session.ts";

/** One console input and what q prints for it. */
export interface GoldenCase {
  input: string;
  expected: string[];
  line: number;
}

/** Parses a golden file into its cases. */
export function parseGolden(text: string): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const lines = text.split("\n");
  let cur: GoldenCase | undefined;
  lines.forEach((line, i) => {
    if (line.startsWith("q)")) {
      cur = { input: line.slice(2), expected: [], line: i + 1 };
      cases.push(cur);
    } else if (cur) cur.expected.push(line);
  });
  for (const c of cases) {
    c.expected = c.expected.map((l) => l.trimEnd());
    while (c.expected.length && c.expected[c.expected.length - 1] === "") c.expected.pop();
  }
  return cases;
}

/** Runs a golden session, returning the actual output of each case. */
export function runGolden(cases: GoldenCase[]): string[][] {
  const printed: string[] = [];
  const session = new Session({
    out: (t) => printed.push(...t.split("\n")),
    err: () => {},
    exit: () => {},
  });
  return cases.map((c) => {
    printed.length = 0;
    const r = session.line(c.input);
    const out = [...printed, ...(r.text ? r.text.split("\n") : [])].map((l) => l.trimEnd());
    while (out.length && out[out.length - 1] === "") out.pop();
    return out;
  });
}

function* goldenFiles(dir: string): Generator<string> {
  for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* goldenFiles(p);
    else if (e.name.endsWith(".txt")) yield p;
  }
}

const root = new URL("./golden", import.meta.url).pathname;

for (const file of goldenFiles(root)) {
  const name = file.slice(root.length + 1);
  Deno.test(`golden ${name}`, async (t) => {
    const cases = parseGolden(Deno.readTextFileSync(file));
    assert.ok(cases.length > 0, `${name} has no cases`);
    const actual = runGolden(cases);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      await t.step(`${name}:${c.line} ${c.input}`, () => {
        assert.equal(actual[i].join("\n"), c.expected.join("\n"));
      });
    }
  });
}
