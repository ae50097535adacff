/**
 * Text I/O (`0:`, `.Q.fs`, save/load of .csv/.txt, streaming into splayed
 * tables) on real files in temporary directories: every type letter
 * parsed exactly as Tok parses it (the byte-level fast paths checked
 * against `"X"$` on generated texts), nulls, quoting, CRLF, headers,
 * fixed widths, chunk boundaries, errors naming file and line, atomic
 * writes, and a child process with a 64 MB heap streaming a file several
 * times larger into a splayed table.
 *
 * @module
 */

import assert from "node:assert/strict";
import { QError } from "../src/err/qerror.ts";
import { Session } from "../src/eval/session.ts";
import { compact as compactP } from "../src/fmt/show.ts";
import { TextLoader } from "../src/io/csv.ts";
import { csvToSplayed, inferType, loadFile, loadText, readRecords, saveText } from "../src/io/stream.ts";
import { SplayedTable } from "../src/storage/table.ts";
import { List, Table, type Value, Vec } from "../src/value/value.ts";
import { throwsQ } from "./_assert.ts";
import { rng } from "./_rng.ts";

const quiet = () => new Session({ out: () => {}, err: () => {} });

/** The compact text of a value (17 significant digits). */
const compact = (v: Value) => compactP(v, 0);

/** Runs `f` with a fresh temporary directory, removed afterwards. */
async function inTmp(f: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "borfcsv" });
  try {
    await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The console text of evaluating `src` in session `s`. */
function show(s: Session, src: string): string {
  return compact(s.eval(src));
}

/** True when q says `src` is 1b. */
function holds(s: Session, src: string): boolean {
  return show(s, src) === "1b";
}

// ------------------------------------------------------------------ parsing

/** Texts of each type letter in the forms the fast paths take, near them, and broken. */
function textsFor(letter: string, r: () => number): string[] {
  const int = (n: number) => String(Math.floor(r() * n));
  const d2 = (n: number) => String(Math.floor(r() * n)).padStart(2, "0");
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const date = () => `${1990 + Math.floor(r() * 60)}${pick([".", "-", "/"])}${d2(14)}${pick([".", "-"])}${d2(32)}`;
  const clock = () => `${d2(25)}:${d2(61)}${r() < 0.8 ? `:${d2(61)}` : ""}${r() < 0.6 ? "." + int(1e12) : ""}`;
  const sign = () => (r() < 0.3 ? "-" : "");
  const gen: Record<string, () => string> = {
    B: () => pick(["1", "0", "t", "f", "y", "n", "T", "x", "Y", "2", " y "]),
    G: () => pick(["0a369d97-4da0-4d32-a9bb-c18e5a7a0cbf", "0A369D974da04d32a9bbc18e5a7a0cbf", "xyz"]),
    X: () => pick(["ff", "0x1a", "7", "100", "g1"]),
    H: () => sign() + int(pick([10, 1e4, 1e5])),
    I: () => sign() + int(pick([10, 1e9, 1e10])),
    J: () => sign() + int(pick([10, 1e15, 1e17])) + pick(["", "", "", "0", "x"]),
    E: () => sign() + int(1e6) + pick(["", ".", "." + int(1e4), "e" + sign() + int(40)]),
    F: () =>
      sign() + pick([int(1e6), int(1e17), "", "0"]) + pick(["", ".", "." + int(1e9), "." + int(1e18)]) +
      pick(["", "", "e" + sign() + int(30), "E5", "e400"]),
    C: () => pick(["a", "bc", " d"]),
    S: () => pick(["ibm", "msft", " a b ", "x" + int(100)]),
    P: () => date() + pick(["", "D", "T", " "]) + (r() < 0.8 ? clock() : ""),
    M: () => `${1990 + int(60)}${pick([".", "-"])}${d2(14)}`,
    D: () => pick([date(), `${1990 + int(60)}${d2(13)}${d2(32)}`, "12/25/2020"]),
    Z: () => date() + "T" + clock(),
    N: () => clock(),
    U: () => clock(),
    V: () => clock(),
    T: () => pick([clock(), "123456789", "1234"]),
  };
  const texts = Array.from({ length: 300 }, gen[letter]);
  return [...texts, "", "0N", "0W", "-0W", "0n", "0w", "junk", "1e", "-", "."];
}

Deno.test("0: parses every type letter as Tok does (fast paths and fallbacks agree)", () => {
  const s = quiet(), r = rng(20240601);
  for (const letter of "BGXHIJEFCSPMDZNUVT") {
    const texts = textsFor(letter, r);
    s.vars.set("texts", new List(texts.map((t) => new Vec(10, new TextEncoder().encode(t)))));
    assert.ok(
      holds(s, `(first (enlist "${letter}";",") 0: texts) ~ "${letter}"$texts`),
      `${letter}: ${show(s, `texts where not (first (enlist "${letter}";",") 0: texts) = "${letter}"$texts`)}`,
    );
  }
});

Deno.test("property: a table of every type survives csv 0: then 0: with its type letters", () => {
  const s = quiet();
  s.eval("\\P 0"); // floats written in full
  s.eval("nul:{@[x;where 0.1>(count x)?1f;:;x 0N]}"); // a tenth of the items null
  const cols = [
    "b:n?0b",
    "g:n?0Ng",
    "x:`byte$n?256",
    "h:nul n?100h",
    "i:nul n?1000i",
    "j:nul -500000+n?1000000",
    "e:nul n?100e",
    "f:nul -50+n?100f",
    'c:n?"ab, \\""',
    's:nul n?`ibm`msft`a,(`$"a,b"),(`$"\\"q"),`$"x\\ny"',
    "p:nul 2020.01.01D+n?1000000000000000",
    "m:nul 2000.01m+n?300",
    "d:nul 2000.01.01+n?10000",
    "nn:nul n?0D01:00:00.000000000",
    "u:nul n?0u",
    "v:nul n?0v",
    "t:nul n?0t",
    'k:{(x?5)#\\:"a,\\"b"}n',
  ];
  for (const seed of [1, 2, 3, 4, 5]) {
    s.eval(`\\S ${seed}`);
    s.eval(`n:${seed * 60}; t:([]${cols.join(";")})`);
    s.eval(`r:("BGXHIJEFCSPMDNUVT*";enlist",";1) 0: csv 0: t`); // 1: quoted fields may hold line breaks
    assert.ok(holds(s, "t~r"), `seed ${seed}: columns differ: ${show(s, "{x where not t[x]~'r x} cols t")}`);
  }
});

Deno.test("0: loads a file with a header into a table; blanks skip fields; * keeps strings", async () => {
  await inTmp((dir) => {
    Deno.writeTextFileSync(`${dir}/t.csv`, "sym,qty,px,note\nibm,100,1.5, a b \nmsft,,2.25,\nibm,-7,,x\n");
    const s = quiet();
    assert.equal(
      show(s, `("SJF*";enlist ",") 0: \`:${dir}/t.csv`),
      '+`sym`qty`px`note!(`ibm`msft`ibm;100 0N -7;1.5 2.25 0n;(" a b ";"";,"x"))',
    );
    assert.equal(show(s, `("S F ";enlist ",") 0: \`:${dir}/t.csv`), "+`sym`px!(`ibm`msft`ibm;1.5 2.25 0n)");
    assert.equal(show(s, `("S  J";",") 0: ("a,1,2,3";"b,4,5,6")`), "(`a`b;3 6)");
  });
});

Deno.test("0: nulls for empty fields of every type", () => {
  const s = quiet();
  const loaded = `("BGXHIJEFCSPMDZNUVT*";",") 0: enlist 18#","`;
  const expected =
    '(1#0b;1#0Ng;1#0x00;1#0Nh;1#0Ni;1#0N;1#0Ne;1#0n;1#" ";1#`;1#0Np;1#0Nm;1#0Nd;1#0Nz;1#0Nn;1#0Nu;1#0Nv;1#0Nt;enlist "")';
  assert.ok(holds(s, `(${loaded}) ~ ${expected}`), show(s, loaded));
});

Deno.test("0: quoted fields, doubled quotes, CRLF line ends, embedded line breaks with the flag", async () => {
  await inTmp((dir) => {
    Deno.writeTextFileSync(`${dir}/q.csv`, 'a,b\r\n"x,y",1\r\n"say ""hi""",2\r\nplain,3\r\n');
    const s = quiet();
    assert.equal(show(s, `("*J";enlist ",") 0: \`:${dir}/q.csv`), '+`a`b!(("x,y";"say \\"hi\\"";"plain");1 2 3)');
    assert.equal(show(s, `("I*";",";1) 0: ("0,\\"ab\\nc\\"";"1,\\"def\\"")`), '(0 1i;("ab\\nc";"def"))');
    const plain = Array.from({ length: 20000 }, (_, i) => `${i},p${i % 3}`);
    Deno.writeTextFileSync(`${dir}/late.csv`, [...plain, '20000,"a,""b"""', "20001,z"].join("\n"));
    assert.equal(
      show(s, `t:("J*";",") 0: \`:${dir}/late.csv; (count each t; t[;19999 20000 20001])`),
      '(20002 20002;(19999 20000 20001;("p1";"a,\\"b\\"";,"z")))',
    );
    Deno.writeTextFileSync(`${dir}/m.csv`, 'n,s\n1,"two\nlines"\n2,"one"\n');
    assert.equal(show(s, `("J*";enlist ",";1) 0: \`:${dir}/m.csv`), '+`n`s!(1 2;("two\\nlines";"one"))');
  });
});

Deno.test("0: fixed-width records from strings, a file with line breaks, and a file without", async () => {
  await inTmp((dir) => {
    const s = quiet();
    assert.equal(show(s, `("SJF";3 5 8) 0: ("ibm  100     1.5";"ms    -2    2.25")`), "(`ibm`ms;100 -2;1.5 2.25)");
    Deno.writeTextFileSync(`${dir}/f.txt`, "ibm  100     1.5\r\nms    -2    2.25\r\n");
    assert.equal(show(s, `("S F";3 5 8) 0: \`:${dir}/f.txt`), "(`ibm`ms;1.5 2.25)");
    Deno.writeTextFileSync(`${dir}/g.dat`, "a 1b 2c 3");
    assert.equal(show(s, `("CH";2 1) 0: \`:${dir}/g.dat`), '("abc";1 2 3h)');
    assert.equal(show(s, `("DT";8 9) 0: (\`:${dir}/g.dat;2;0)`), "(\`date$();\`time$())");
    throwsQ(() => s.eval(`("SJ";3 5) 0: enlist "ibm 100"`), "length", /line 1: record of 7 characters, expected 8/);
  });
});

Deno.test("0: reads files in chunks: records across chunk boundaries, longer than a chunk", async () => {
  await inTmp((dir) => {
    const r = rng(7);
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `s${i % 37},${i},${(r() * 1e4).toFixed(3)},"${"q".repeat(i % 300)}"`,
    );
    Deno.writeTextFileSync(`${dir}/c.csv`, "s,i,f,t\n" + rows.join("\n"));
    const format = { types: "SJF*", delim: 44, header: true };
    const whole = loadFile(`${dir}/c.csv`, format);
    for (const chunkBytes of [1, 7, 100, 4096]) {
      const chunked = loadFile(`${dir}/c.csv`, format, { chunkBytes });
      assert.deepEqual(chunked.names, ["s", "i", "f", "t"]);
      assert.equal(compact(new List(chunked.columns)), compact(new List(whole.columns)), `chunk ${chunkBytes}`);
    }
    assert.equal((whole.columns[1] as Vec).n, 2000);
    assert.equal(
      compact((whole.columns[3] as List).a[299]),
      compact(new Vec(10, new TextEncoder().encode("q".repeat(299)))),
    );
  });
});

Deno.test("0: errors name the file and line: field counts, types, missing files", async () => {
  await inTmp((dir) => {
    const s = quiet();
    Deno.writeTextFileSync(`${dir}/bad.csv`, "a,b\n1,2\n3\n");
    throwsQ(() => s.eval(`("JJ";enlist ",") 0: \`:${dir}/bad.csv`), "length", /bad\.csv: line 3: 1 field, expected 2/);
    Deno.writeTextFileSync(`${dir}/wide.csv`, "1,2\n3,4,5\n");
    throwsQ(() => s.eval(`("JJ";",") 0: \`:${dir}/wide.csv`), "length", /wide\.csv: line 2: 3 fields, expected 2/);
    throwsQ(() => s.eval(`("JQ";",") 0: \`:${dir}/wide.csv`), "type", /unknown column type "Q"/);
    throwsQ(() => s.eval(`("Jj";",") 0: ("1,2")`), "type", /unknown column type "j"/);
    throwsQ(() => s.eval(`("JJ";",") 0: \`:${dir}/none.csv`), `${dir}/none.csv: No such file or directory`, /./);
    throwsQ(() => s.eval(`("JJ";1 2 3) 0: enlist "123"`), "length", /2 column types but 3 field widths/);
    throwsQ(() => s.eval(`("J*";",";1) 0: enlist "1,\\"open"`), "length", /line 1: unterminated quoted field/);
    // a value that does not parse is null (ref/tok.md)
    assert.equal(show(s, `("JFD";",") 0: ("x,1.5.5,2020.13.01";"1,2,2020.12.01")`), "(0N 1;0n 2;0N 2020.12.01)");
  });
});

// ------------------------------------------------------------------ writing

Deno.test("0: prepares text: header, quoting, ISO temporals, nulls; | delimiter; lists of columns", () => {
  const s = quiet();
  assert.equal(show(s, "csv 0: ([]a:1 2 3;b:`x`y`z)"), '("a,b";"1,x";"2,y";"3,z")');
  assert.equal(show(s, `"|" 0: (\`a\`b\`c;1 2 3;"xyz")`), '("a|1|x";"b|2|y";"c|3|z")');
  assert.equal(
    show(s, `csv 0: ([]x:("foo";"bar,baz";"qu\\"ux";"a\\nb"))`),
    '(,"x";"foo";"\\"bar,baz\\"";"qu\\"ux";"\\"a\\nb\\"")',
  );
  assert.equal(
    show(
      s,
      "csv 0: ([]d:2022.03.14 0Nd;p:2022.03.14D16:12:57.427499000 0Np;z:2022.03.14T16:12:57.427 0Nz;m:2022.03 0Nm;f:1.5 0n)",
    ),
    '("d,p,z,m,f";"2022-03-14,2022-03-14D16:12:57.427499000,2022-03-14T16:12:57.427,2022-03,1.5";",,,,")',
  );
  assert.equal(show(s, "csv 0: ([k:`a`b] v:1 2)"), '("k,v";"a,1";"b,2")');
  throwsQ(() => s.eval('csv 0: ([]a:1 2;b:("ab";enlist 1))'), "type", /column b/);
});

Deno.test("0: saves lines to a file (parents created, returns the handle); failures leave nothing", async () => {
  await inTmp((dir) => {
    const s = quiet();
    assert.equal(show(s, `\`:${dir}/sub/out.csv 0: csv 0: ([]a:1 2;b:\`x\`y)`), `\`:${dir}/sub/out.csv`);
    assert.equal(Deno.readTextFileSync(`${dir}/sub/out.csv`), "a,b\n1,x\n2,y\n");
    Deno.mkdirSync(`${dir}/adir`);
    throwsQ(() => s.eval(`\`:${dir}/adir 0: enlist "xy"`), `${dir}/adir: Is a directory`, /./);
    Deno.writeTextFileSync(`${dir}/afile`, "");
    assert.throws(() => s.eval(`\`:${dir}/afile/x.csv 0: enlist "xy"`), QError);
    throwsQ(() => s.eval(`\`:${dir}/s.txt 0: "xy"`), "type", /list of strings/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["adir", "afile", "sub"]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name), ["out.csv"]);
  });
});

Deno.test("saveText/loadText round-trip .csv and .txt; types are inferred", async () => {
  await inTmp((dir) => {
    const s = quiet();
    const t = s.eval(
      '([]x:2 3 5;y:`ibm`amd`intel;z:"npn";f:1.5 0n 2.25;d:2020.01.01 0Nd 2021.12.31;s:("a b";"c,d";""))',
    ) as Table;
    saveText(`${dir}/t.csv`, t);
    assert.equal(
      Deno.readTextFileSync(`${dir}/t.csv`),
      'x,y,z,f,d,s\n2,ibm,n,1.5,2020-01-01,a b\n3,amd,p,,,"c,d"\n5,intel,n,2.25,2021-12-31,\n',
    );
    for (const name of ["t.csv", "t.txt"]) {
      saveText(`${dir}/${name}`, t);
      assert.equal(compact(loadText(`${dir}/${name}`)), compact(t), name);
    }
    assert.equal(Deno.readTextFileSync(`${dir}/t.txt`).split("\n")[1], "2\tibm\tn\t1.5\t2020-01-01\ta b");
    throwsQ(() => saveText(`${dir}/t.xls`, t), "type", /\.csv or \.txt/);
    assert.equal(inferType(["1", "", "-2"]), "J");
    assert.equal(inferType(["1", "2.5"]), "F");
    assert.equal(inferType(["x y", "z"]), "*");
  });
});

// ------------------------------------------------------------------ streaming

Deno.test(".Q.fs applies a function to lumps of whole lines; upserts build a splayed table", async () => {
  await inTmp((dir) => {
    const lines = Array.from({ length: 30000 }, (_, i) => `s${i % 5},${i},${i / 4}`);
    Deno.writeTextFileSync(`${dir}/big.csv`, lines.join("\n") + "\n");
    const size = Deno.statSync(`${dir}/big.csv`).size;
    const s = quiet();
    assert.equal(show(s, `n:0; k:0; .Q.fs[{n+::count x; k+::1}] \`:${dir}/big.csv`), String(size));
    assert.equal(show(s, "n"), "30000");
    assert.ok(Number(show(s, "k")) >= Math.floor(size / 131000));
    assert.equal(show(s, `k:0; .Q.fsn[{k+::1}; \`:${dir}/big.csv; 10000]`), String(size));
    assert.ok(Number(show(s, "k")) >= size / 10000 - 1);
    s.eval(`\`:${dir}/db/t/ set ([]a:\`symbol$();b:\`long$();c:\`float$())`);
    s.eval(`.Q.fs[{\`:${dir}/db/t/ upsert flip \`a\`b\`c!("SJF";",") 0: x}] \`:${dir}/big.csv`);
    assert.equal(
      show(s, `t:get \`:${dir}/db/t/; (count t; sum t\`b; sum t\`c; distinct t\`a)`),
      "(30000;449985000;112496250f;`s0`s1`s2`s3`s4)",
    );
  });
});

Deno.test("csvToSplayed streams a file into a splayed table, creating it and appending", async () => {
  await inTmp((dir) => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 3 ? "a" : "b"},${i},${i}.5,"x${i}"`);
    Deno.writeTextFileSync(`${dir}/in.csv`, "sym,n,f,str\n" + rows.join("\n") + "\n");
    const opts = { types: "SJF*", chunkBytes: 4096 };
    assert.equal(csvToSplayed(`${dir}/in.csv`, `${dir}/db`, "t", opts), 5000);
    assert.equal(csvToSplayed(`${dir}/in.csv`, `${dir}/db`, "t", opts), 10000);
    const t = SplayedTable.open(`${dir}/db`, "t");
    try {
      assert.deepEqual(t.columns, ["sym", "n", "f", "str"]);
      assert.equal(compact(t.row(5001)), compact(quiet().eval('`sym`n`f`str!(`a;1;1.5;"x1")')));
    } finally {
      t.close();
    }
    throwsQ(
      () => csvToSplayed(`${dir}/in.csv`, `${dir}/db`, "u", { types: "SJF*", names: ["a"] }),
      "length",
      /4 columns/,
    );
  });
});

Deno.test("readRecords hands over whole records only", async () => {
  await inTmp((dir) => {
    Deno.writeTextFileSync(`${dir}/r.txt`, "ab\ncdef\ng");
    const seen: string[] = [];
    const loader = new TextLoader({ types: "*", delim: 44 });
    const n = readRecords(`${dir}/r.txt`, (b, len) => loader.recordsEnd(b, 0, len), (b, end) => {
      seen.push(new TextDecoder().decode(b.subarray(0, end)));
    }, { chunkBytes: 3 });
    assert.equal(n, 9);
    assert.ok(seen.every((c) => c.endsWith("\n")), String(seen));
    assert.equal(seen[0], "ab\n");
    assert.equal(seen.join(""), "ab\ncdef\ng\n");
  });
});

Deno.test({
  name: "a 64 MB heap streams a file several times larger into a splayed table",
  sanitizeResources: false,
  fn: async () => {
    await inTmp(async (dir) => {
      const target = 256e6, encoder = new TextEncoder();
      const f = await Deno.open(`${dir}/big.csv`, { write: true, create: true });
      let rows = 0;
      for (let size = 0; size < target;) {
        let chunk = "";
        for (let i = 0; i < 50000; i++, rows++) {
          chunk += `s${rows % 997},${rows},${rows * 0.25},note number ${rows} with some words in it\n`;
        }
        const bytes = encoder.encode(chunk);
        await f.write(bytes);
        size += bytes.length;
      }
      f.close();
      const size = Deno.statSync(`${dir}/big.csv`).size;
      // the TypeScript API, then q's idiom, each in a child with a 64 MB heap
      const stream = new URL("../src/io/stream.ts", import.meta.url).href;
      const session = new URL("../src/eval/session.ts", import.meta.url).href;
      const peak = 'Number(/VmHWM:\\s+(\\d+)/.exec(Deno.readTextFileSync("/proc/self/status"))[1]) * 1024';
      const api = `import { csvToSplayed } from "${stream}";
        const n = csvToSplayed("${dir}/big.csv", "${dir}/db", "t", { types: "SJF*", names: ["s", "n", "f", "note"] });
        console.log(n, ${peak});`;
      const q = `import { Session } from "${session}";
        const s = new Session({ out: () => {} });
        const read = s.eval(".Q.fs[{\`:${dir}/db/u/ upsert .Q.en[\`:${dir}/db] flip \`s\`n\`f\`note!(\\"SJF*\\";\\",\\") 0: x}] \`:${dir}/big.csv");
        console.log(Number(read.v), ${peak});`;
      for (const [what, code] of [["csvToSplayed", api], [".Q.fs", q]]) {
        const out = await new Deno.Command(Deno.execPath(), {
          args: ["eval", "--v8-flags=--max-old-space-size=64", code],
          stdout: "piped",
          stderr: "piped",
        }).output();
        const text = new TextDecoder().decode(out.stdout), err = new TextDecoder().decode(out.stderr);
        assert.ok(out.success, `${what}: ${err}`);
        const [n, rss] = text.trim().split(" ").map(Number);
        assert.equal(n, what === ".Q.fs" ? size : rows, what); // .Q.fs gives the bytes it read
        assert.ok(rss < size * 0.85, `${what}: peak RSS ${rss} for a ${size}-byte file`);
      }
      const t = SplayedTable.open(`${dir}/db`, "t");
      const u = SplayedTable.open(`${dir}/db`, "u");
      try {
        assert.equal(t.count, rows);
        assert.equal(u.count, rows);
        assert.equal(compact(u.row(rows - 1)), compact(t.row(rows - 1)));
        assert.equal(
          compact(t.row(rows - 1)),
          compact(
            quiet().eval(
              `\`s\`n\`f\`note!(\`s${(rows - 1) % 997};${rows - 1};${(rows - 1) * 0.25};"note number ${
                rows - 1
              } with some words in it")`,
            ),
          ),
        );
      } finally {
        t.close();
        u.close();
      }
    });
  },
});
