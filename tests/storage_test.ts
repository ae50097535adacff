/**
 * Lsmer storage: headers and metadata encode/decode, every q datatype
 * stored and read back, appends, torn-tail recovery, and bad files (each
 * raising a clear error that names the file). Runs with memory mapping
 * (`--allow-ffi`) and, through storage_noffi_test.ts, without it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { mapped } from "../ffi/file.ts";
import { Session } from "../src/eval/session.ts";
import { compact } from "../src/fmt/show.ts";
import { match } from "../src/prim/match.ts";
import { describe as describeColumn } from "../src/storage/column.ts";
import { splay } from "../src/storage/database.ts";
import { checksum, decodeHeader, encodeHeader, FileKind, FORMAT_VERSION, HEADER_SIZE } from "../src/storage/format.ts";
import { SplayedTable } from "../src/storage/table.ts";
import { List, Table, type Value, Vec } from "../src/value/value.ts";
import { throwsQ } from "./_assert.ts";
import { rng } from "./_rng.ts";
import { COLUMNS, rows, verify } from "./fixtures/rows.ts";

const quiet = () => new Session({ out: () => {}, err: () => {} });

async function withDb(f: (db: string) => void | Promise<void>): Promise<void> {
  const db = await Deno.makeTempDir(), cwd = Deno.cwd(); // \l makes the database the working directory
  try {
    await f(db);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(db, { recursive: true });
  }
}

Deno.test(`storage mode: ${mapped() ? "memory-mapped (FFI)" : "read into memory (no FFI)"}`, () => {});

Deno.test("column headers encode and decode (1,000 random headers)", () => {
  const r = rng(64);
  for (let k = 0; k < 1000; k++) {
    const h = {
      version: FORMAT_VERSION,
      kind: 1 + Math.floor(r() * 4) as FileKind,
      attr: Math.floor(r() * 5),
      type: Math.floor(r() * 20),
      codec: 0,
      elemSize: Math.floor(r() * 17),
      count: Math.floor(r() * 2 ** 40),
    };
    const b = encodeHeader(h);
    assert.equal(b.length, HEADER_SIZE);
    assert.deepEqual(decodeHeader(b), h);
  }
  assert.match(decodeHeader(new Uint8Array(10)) as string, /shorter than/);
  assert.match(decodeHeader(new Uint8Array(64)) as string, /bad magic/);
});

Deno.test("every basic q type, and lists of each, is stored and read back exactly", async () => {
  const q = quiet();
  const exprs: [string, string][] = [
    ["b", "101b"],
    ["g", '"G"$("8c680a01-5a49-5aab-5a65-d4bfddb6a661";"";"00000000-0000-0000-0000-000000000001")'],
    ["x", "0x00ff10"],
    ["h", "1 0N 32767h"],
    ["i", "1 0N -5i"],
    ["j", "0N 9223372036854775807 -9223372036854775807"],
    ["e", "1.5 0Ne 0we"],
    ["f", "0.1 0n -0w"],
    ["c", '"a c"'],
    ["s", "`apple``banana"],
    ["p", "2024.01.01D10:00:00.000000001 0Np 2000.01.01D00:00:00.000000000"],
    ["m", "2024.01 0N 1999.12m"],
    ["d", "2024.01.01 0Nd 1970.01.01"],
    ["z", "2024.01.01T10:00:00.001 0Nz 2000.01.01T00:00:00.000"],
    ["n", "0D10:00:00.000000001 0Nn -1D00:00:00.000000000"],
    ["u", "10:00 0Nu 23:59"],
    ["v", "10:00:01 0Nv 23:59:59"],
    ["t", "10:00:00.001 0Nt 23:59:59.999"],
    ["ls", '("ab";"";"xyz")'],
    ["lj", "(1 2;`long$();,3)"],
    ["lf", "(1.5 2;enlist 0n;`float$())"],
    ["lsym", "(`a`b;enlist`c;`symbol$())"],
  ];
  const cols = exprs.map(([name]) => name);
  const t = q.eval(`flip ${"`" + cols.join("`")}!(${exprs.map(([, e]) => e).join(";")})`) as Table;
  await withDb((db) => {
    splay(db, "all", t);
    const back = SplayedTable.open(db, "all");
    try {
      assert.equal(back.count, 3);
      for (let i = 0; i < cols.length; i++) {
        const got = back.column(cols[i]), want = t.data[i];
        assert.ok(match(got, want), `column ${cols[i]}: ${compact(got, 0)} != ${compact(want, 0)}`);
      }
    } finally {
      back.close();
    }
  });
});

Deno.test("appends one row at a time and in batches; readers see the new count", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    const r = SplayedTable.open(db, "t");
    try {
      for (let i = 0; i < 20; i++) w.append(rows(i, 1));
      assert.equal(r.count, 20);
      w.append(rows(20, 1000));
      assert.equal(w.count, 1020);
      assert.equal(r.count, 1020);
      assert.equal(verify(r), "");
      assert.equal(compact(r.row(5).v as Value, 7), '(`s5;5.25;15;"r5";2000.01.06)');
    } finally {
      w.close();
      r.close();
    }
  });
});

Deno.test("appending values of the wrong type or count is refused and publishes nothing", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    try {
      w.append(rows(0, 5));
      const bad = rows(5, 2);
      bad[1] = rows(5, 2)[2]; // longs where floats belong
      throwsQ(() => w.append(bad), "type", /column px holds float; got longs/);
      throwsQ(() => w.append(rows(5, 2).slice(1)), "length", /4 columns given, the table has 5/);
      const uneven = rows(5, 2);
      uneven[2] = rows(5, 3)[2];
      throwsQ(() => w.append(uneven), "length", /column n has 3 values, others 2/);
      assert.equal(w.count, 5);
      assert.equal(verify(w), "");
    } finally {
      w.close();
    }
  });
});

Deno.test("opening as the writer trims a torn tail left by an interrupted append", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    w.append(rows(0, 10));
    w.close();
    // simulate a crash after column bytes were written but before the count was published
    const px = `${db}/t/px`;
    const before = Deno.statSync(px).size;
    const f = Deno.openSync(px, { write: true });
    f.seekSync(0, Deno.SeekMode.End);
    f.writeSync(new Uint8Array(8 * 7).fill(0xab));
    const countField = new Uint8Array(8);
    new DataView(countField.buffer).setBigUint64(0, 17n, true);
    f.seekSync(16, Deno.SeekMode.Start);
    f.writeSync(countField);
    f.close();
    const r = SplayedTable.open(db, "t");
    assert.equal(r.count, 10, "readers only see committed rows");
    assert.equal(verify(r), "");
    r.close();
    const w2 = SplayedTable.open(db, "t", { write: true });
    assert.equal(Deno.statSync(px).size, before, "the torn tail was trimmed");
    w2.append(rows(10, 5));
    assert.equal(verify(w2), "");
    w2.close();
  });
});

Deno.test("the commit file: publishes alternate slots; a torn latest slot reads as the count before it", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    const r = SplayedTable.open(db, "t");
    const slots = () => {
      const b = Deno.readFileSync(`${db}/t/.count`);
      return [b.subarray(0, 28), b.subarray(512, 540)].map((s) =>
        new DataView(s.buffer, s.byteOffset).getUint32(16, true)
      );
    };
    assert.deepEqual(slots(), [0, 0]); // created: seq 1 (slot 1) holds 0; slot 0 is empty
    w.append(rows(0, 3));
    assert.deepEqual(slots(), [3, 0]);
    w.append(rows(3, 4));
    assert.deepEqual(slots(), [3, 7]);
    assert.equal(r.count, 7, "a reader sees each publish");
    patch(`${db}/t/.count`, 512 + 17, [0xff]); // the latest slot (seq 3) torn
    assert.equal(r.count, 3);
    w.close();
    r.close();
    const again = SplayedTable.open(db, "t", { write: true });
    assert.equal(again.count, 3, "the writer trims the rows of the torn publish");
    again.append(rows(3, 2));
    assert.equal(verify(again), "");
    again.close();
  });
});

Deno.test("a table from before commit files opens by its .meta count; its first writer adds one", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    w.append(rows(0, 3));
    w.close();
    // make it an old table: no .count, the count in .meta, no commit flag
    const path = `${db}/t/.meta`, lines = Deno.readTextFileSync(path).split("\n");
    const body = JSON.stringify({ ...JSON.parse(lines[1]), count: 3, commit: undefined });
    Deno.writeTextFileSync(path, `${lines[0]}\n${body}\n${checksum(body)}\n`);
    Deno.removeSync(`${db}/t/.count`);
    const r = SplayedTable.open(db, "t");
    assert.equal(r.count, 3);
    const w2 = SplayedTable.open(db, "t", { write: true });
    assert.ok(Deno.statSync(`${db}/t/.count`).isFile);
    w2.append(rows(3, 2));
    assert.equal(r.count, 5, "a reader opened before the upgrade follows it");
    assert.equal(verify(w2), "");
    w2.close();
    r.close();
  });
});

/** Makes a fresh 3-row table and damages it with `damage` before opening. */
async function damaged(damage: (dir: string) => void, name: string, message: RegExp): Promise<void> {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    w.append(rows(0, 3));
    w.close();
    damage(`${db}/t`);
    throwsQ(() => SplayedTable.open(db, "t").value(), name, message);
    throwsQ(() => SplayedTable.open(db, "t", { write: true }), name, message);
  });
}

function patch(path: string, offset: number, bytes: number[]): void {
  const f = Deno.openSync(path, { write: true });
  f.seekSync(offset, Deno.SeekMode.Start);
  f.writeSync(Uint8Array.from(bytes));
  f.close();
}

Deno.test("bad files give clear errors naming the file, never wrong answers", async () => {
  await damaged(
    (dir) => Deno.truncateSync(`${dir}/px`, HEADER_SIZE + 8),
    "corrupt",
    /px: holds 1 rows but 3 are committed/,
  );
  await damaged((dir) => patch(`${dir}/n`, 0, [0x58, 0x58]), "corrupt", /\/n: not an Lsmer file/);
  await damaged((dir) => patch(`${dir}/n`, 4, [9, 0]), "version", /\/n: format version 9; this borf reads version 1/);
  await damaged((dir) => patch(`${dir}/n`, 8, [9, 0]), "corrupt", /\/n: holds float but the table says long/);
  await damaged((dir) => Deno.removeSync(`${dir}/d`), "corrupt", /\/d: column file is missing/);
  await damaged(
    (dir) => Deno.writeFileSync(`${dir}/px`, crypto.getRandomValues(new Uint8Array(200))),
    "corrupt",
    /px: not an Lsmer file/,
  );
  await damaged((dir) => Deno.truncateSync(`${dir}/tag#`, HEADER_SIZE + 2), "corrupt", /tag#: holds fewer items/);
  await damaged(
    (dir) => {
      const meta = Deno.readTextFileSync(`${dir}/.meta`);
      Deno.writeTextFileSync(`${dir}/.meta`, meta.replace('"count":0', '"count":4'));
    },
    "corrupt",
    /\.meta: checksum mismatch/,
  );
  await damaged(
    (dir) => {
      const meta = Deno.readTextFileSync(`${dir}/.meta`);
      Deno.writeTextFileSync(`${dir}/.meta`, meta.replace("lsmer 1", "lsmer 2"));
    },
    "version",
    /\.meta: format version 2; this borf reads version 1/,
  );
  await damaged((dir) => Deno.removeSync(`${dir}/.meta`), "os", /not a splayed table \(no \.meta file\)/);
  await damaged((dir) => Deno.removeSync(`${dir}/.count`), "corrupt", /t: the commit file \(\.count\) is missing/);
  await damaged(
    (dir) => {
      patch(`${dir}/.count`, 4, [9]);
      patch(`${dir}/.count`, 512 + 4, [9]);
    },
    "corrupt",
    /\.count: neither commit slot is valid/,
  );
  await damaged(
    (dir) => Deno.truncateSync(`${dir}/../sym`, HEADER_SIZE + 3),
    "corrupt",
    /sym: holds \d+ of its 3 symbols/,
  );
});

Deno.test("a column that cannot be stored is refused before anything is written", async () => {
  const q = quiet();
  assert.match(describeColumn("c", q.eval("(1;`a)")) as string, /mixes atoms of different types/);
  await withDb((db) => {
    throwsQ(() => splay(db, "t", q.eval("([] a:1 2; b:(1;`x))")), "type", /column b mixes atoms/);
    assert.deepEqual([...Deno.readDirSync(db)].filter((e) => e.name === "t"), []);
  });
});

Deno.test("a symbol list copied over in place is read afresh, never from what was read before", async () => {
  await withDb((db) => {
    const q = quiet();
    q.eval(`\`:${db}/a/t/ set ([] s:\`x\`y\`z); \`:${db}/b/t/ set ([] s:\`z\`y\`x)`);
    assert.equal(q.line(`get \`:${db}/a/sym`).text, "`x`y`z");
    Deno.writeFileSync(`${db}/a/sym`, Deno.readFileSync(`${db}/b/sym`)); // same file, other bytes
    assert.equal(q.line(`get \`:${db}/a/sym`).text, "`z`y`x");
    assert.equal(q.line(`exec s from get \`:${db}/a/t/`).text, "`z`y`x");
  });
});

Deno.test("from BorF: set splays, get and \\l map, upsert/insert/put append, get[t;i] reads a row", async () => {
  await withDb((db) => {
    const q = quiet();
    q.eval(`t:([] sym:\`a\`b\`a; px:1.5 2.5 3.5; n:1 2 3)`);
    assert.equal(q.line(`\`:${db}/t/ set t`).text, `\`:${db}/t/`);
    assert.equal(q.line(`get \`:${db}/t/`).text, "sym px  n\n---------\na   1.5 1\nb   2.5 2\na   3.5 3");
    q.line(`\\l ${db}`);
    assert.equal(q.line("`t put (`c;4.5;4)").text, "`t");
    assert.equal(q.line(`\`:${db}/t/ upsert ([] sym:\`d\`e; px:5.5 6.5; n:5 6)`).text, `\`:${db}/t/`);
    assert.equal(q.line("`t insert (`f;7.5;7)").text, ",6");
    assert.equal(q.line("count t").text, "7");
    assert.equal(q.line("t 3").text, "sym| `c\npx | 4.5\nn  | 4");
    assert.equal(q.line("get[t;6]").text, "sym| `f\npx | 7.5\nn  | 7");
    assert.equal(q.line("exec sum n from t").text, "28");
    assert.equal(q.line("`t put (`g;1;2)").text, "'type");
    q.store.close();
    // a new session sees everything that was committed
    const q2 = quiet();
    q2.line(`\\l ${db}`);
    assert.equal(q2.line("t`sym").text, "`a`b`a`c`d`e`f");
    q2.store.close();
  });
});

Deno.test("re-creating a table leaves values read from the old one whole (new files, not truncated ones)", async () => {
  await withDb((db) => {
    const w = SplayedTable.create(db, "t", COLUMNS);
    w.append(rows(0, 3000));
    const held = (w.value() as Table).data.map((c) => c); // every column read (mapped views)
    const copies = held.map(copyOf);
    w.close();
    const again = SplayedTable.create(db, "t", COLUMNS);
    try {
      again.append(rows(9000, 2));
      assert.equal(again.count, 2);
      held.forEach((c, j) => assert.ok(match(c, copies[j]), `column ${j} changed under a held value`));
    } finally {
      again.close();
    }
  });
});

/** A copy of a column value that no file backs. */
function copyOf(v: Value): Value {
  if (v instanceof Vec) return new Vec(v.t, v.a.slice());
  if (v instanceof List) return new List(v.a.map(copyOf));
  throw new Error("unexpected column");
}
