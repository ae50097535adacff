/**
 * A generated q script for the parse/compile benchmark: the mix of lines a
 * real script has (assignments, arithmetic, lambdas with locals and
 * conditionals, indexing, iterators, dictionaries, tables and qSQL), each
 * line distinct so that nothing is shared between statements.
 *
 * @module
 */

/** Lines in the benchmark script. */
export const SCRIPT_LINES = 1000;

/** One line template per kind of statement; `i` makes names and constants unique. */
const TEMPLATES: ((i: number) => string)[] = [
  (i) => `a${i}:${i} ${i + 1} ${i + 2}*2+til 3`,
  (i) => `b${i}:(a${i - 1}-1.5)*a${i - 1}%${i}`,
  (i) => `f${i}:{[x;y] z:x*y; z+${i}}`,
  (i) => `g${i}:{x+y*${i}}`,
  (i) => `h${i}:{$[x>${i};x-${i};neg x]}`,
  (i) => `r${i}:f${i - 3}[3;4]+g${i - 2}[1;2]`,
  (i) => `v${i}:til ${i % 50 + 5}`,
  (i) => `w${i}:v${i - 1}[2 3 4]+v${i - 1} 1`,
  (i) => `s${i}:(+/) v${i - 2},${i}`,
  (i) => `m${i}:{x*x} each 1 2 3 ${i}`,
  (i) => `c${i}:+\\ v${i - 4}`,
  (i) => `p${i}:(-':) v${i - 5}`,
  (i) => `d${i}:\`a\`b\`c!${i} 2 3`,
  (i) => `k${i}:d${i - 1}\`b`,
  (i) => `d${i - 2}[\`d]:${i}`,
  (i) => `t${i}:([] sym:\`ibm\`msft\`ibm; px:101.5 40.25 ${i}.5; qty:100 200 ${i})`,
  (i) => `q${i}:select sum qty by sym from t${i - 1}`,
  (i) => `u${i}:update val:px*qty from t${i - 2} where px>${i % 100}`,
  (i) => `x${i}:exec px from t${i - 3} where sym=\`ibm`,
  (i) => `n${i}:count each (1 2;3 4 5;til ${i % 9 + 1})`,
  (i) => `j${i}:"abc",string ${i}`,
  (i) => `o${i}:{x,y}/[();1 2 ${i}]`,
  (i) => `l${i}:1+g${i - 19}[;3] each 1 2`,
  (i) => `e${i}:{[a;b] c:a+b; d:c*c; $[d>100;d;c]}[${i};2]`,
  (i) => `y${i}:(1 2 3;4 5 6)[1;0]+@[til 5;1;neg]`,
];

/** The script: `lines` statements, one per line. */
export function qScript(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(TEMPLATES[i % TEMPLATES.length](i + TEMPLATES.length));
  return out.join("\n") + "\n";
}
