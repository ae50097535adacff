/**
 * Partitioned databases: the rows of every partition with the virtual
 * column, queries that read only the partitions their constraints
 * select (a damaged partition they skip cannot affect them), month and
 * int partitions, and partition tables enumerated against the root's
 * symbol list.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Session } from "../src/eval/session.ts";
import { HEADER_SIZE } from "../src/storage/format.ts";

/** A session in a fresh directory holding database `db` with `parts` partitions of `t` (3 rows each). */
async function withHdb(parts: string[], f: (s: Session, dir: string) => void): Promise<void> {
  const dir = await Deno.makeTempDir(), cwd = Deno.cwd();
  const s = new Session({ out: () => {}, err: () => {} });
  try {
    parts.forEach((p, k) => {
      s.eval(`t:([]sym:\`a\`b\`c;v:${k * 3} ${k * 3 + 1} ${k * 3 + 2})`);
      s.eval(`\`:${dir}/db/${p}/t/ set t`);
    });
    f(s, dir);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("partitioned: every partition's rows in order, with the virtual column; symbols in the root's list", async () => {
  await withHdb(["2024.01.03", "2024.01.01", "2024.01.02"], (s, dir) => {
    for (const p of ["2024.01.01", "2024.01.02", "2024.01.03"]) {
      assert.throws(() => Deno.statSync(`${dir}/db/${p}/sym`), "no symbol list inside a partition");
    }
    assert.equal(s.line(`get \`:${dir}/db/sym`).text, "`a`b`c");
    s.eval(`\\l ${dir}/db`);
    assert.equal(s.line("count t").text, "9");
    // partitions in date order, whatever order they were written in
    assert.equal(s.line("exec v from t").text, "3 4 5 6 7 8 0 1 2");
    assert.equal(s.line("exec distinct date from t").text, "2024.01.01 2024.01.02 2024.01.03");
    assert.equal(
      s.line("select sum v by date from t").text,
      "date      | v \n----------| --\n2024.01.01| 12\n2024.01.02| 21\n2024.01.03| 3 ",
    );
  });
});

Deno.test("partitioned: constraints on the partition column read only the partitions they select", async () => {
  await withHdb(["2024.01.01", "2024.01.02", "2024.01.03"], (s, dir) => {
    // damage the data of one partition's column (not its header)
    const file = `${dir}/db/2024.01.02/t/sym`;
    const bytes = Deno.readFileSync(file);
    bytes.fill(0x7f, HEADER_SIZE);
    Deno.writeFileSync(file, bytes);
    s.eval(`\\l ${dir}/db`);
    assert.equal(
      s.line("select from t where date=2024.01.03, sym=`b").text,
      "date       sym v\n----------------\n2024.01.03 b   7",
    );
    assert.equal(s.line("exec count i from t where date in 2024.01.01 2024.01.03").text, "6");
    assert.match(
      s.line("select from t where sym=`b").text,
      /^'corrupt/,
      "a query over every partition meets the damage",
    );
    assert.match(
      s.line("select from t where sym=`b, date=2024.01.03").text,
      /^'corrupt/,
      "only leading constraints prune",
    );
    assert.equal(s.line("update v:0 from `t").text, "'par");
  });
});

Deno.test("partitioned: month and int partitions; a partition without the table adds no rows", async () => {
  await withHdb(["2024.02", "2024.01"], (s, dir) => {
    s.eval(`\\l ${dir}/db`);
    assert.equal(s.line("exec distinct month from t").text, "2024.01 2024.02m");
    assert.equal(s.line("select from t where month=2024.02m, v=1").text, "month   sym v\n-------------\n2024.02 b   1");
  });
  await withHdb(["7", "3"], (s, dir) => {
    Deno.mkdirSync(`${dir}/db/5`);
    s.eval(`\\l ${dir}/db`);
    assert.equal(s.line("exec int from t").text, "3 3 3 7 7 7i");
    assert.equal(s.line("count select from t where int=5").text, "0");
  });
});

Deno.test("partitioned: a database of more partitions than the process may open files loads and answers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const input = [
      't:([]sym:`a`b;px:1 2f;n:1 2;s:("x";"y"))',
      `{.Q.dpft[\`:${dir}/db;2020.01.01+x;\`sym;\`t]} each til 300;`,
      `\\l ${dir}/db`,
      "count t",
      "exec sum px from t where date within 2020.01.01 2020.01.10",
    ].join("\n") + "\n";
    // 300 partitions of 4 columns, with at most 64 open files
    const child = new Deno.Command("sh", {
      args: ["-c", 'ulimit -n 64; exec "$@"', "sh", Deno.execPath(), "run", "-A", main, "-q"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(input));
    await w.close();
    const out = await child.output();
    assert.equal(new TextDecoder().decode(out.stdout), "600\n30f\n", new TextDecoder().decode(out.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
