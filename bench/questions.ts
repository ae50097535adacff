/**
 * The db-benchmark groupby and join questions, in BorF and in DuckDB's
 * SQL, with the checksums the benchmark publishes for 1e7 rows.
 *
 * @module
 */

/** One benchmark question: its q and SQL, and the checksum the benchmark publishes. */
export interface Question {
  id: string;
  name: string;
  q: string;
  sql: string;
  published: number[];
}

/** The ten groupby questions. */
export const GROUPBY: Question[] = [
  {
    id: "q1",
    name: "sum v1 by id1",
    q: "select v1:sum v1 by id1 from x",
    sql: "SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1",
    published: [29998789],
  },
  {
    id: "q2",
    name: "sum v1 by id1:id2",
    q: "select v1:sum v1 by id1,id2 from x",
    sql: "SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2",
    published: [29998789],
  },
  {
    id: "q3",
    name: "sum v1 mean v3 by id3",
    q: "select v1:sum v1, v3:avg v3 by id3 from x",
    sql: "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3",
    published: [29998789, 4999720],
  },
  {
    id: "q4",
    name: "mean v1:v3 by id4",
    q: "select v1:avg v1, v2:avg v2, v3:avg v3 by id4 from x",
    sql: "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4",
    published: [299.988, 799.8942, 4999.767],
  },
  {
    id: "q5",
    name: "sum v1:v3 by id6",
    q: "select v1:sum v1, v2:sum v2, v3:sum v3 by id6 from x",
    sql: "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6",
    published: [29998789, 79989360, 499976651],
  },
  {
    id: "q6",
    name: "median v3 sd v3 by id4 id5",
    q: "select median_v3:med v3, sd_v3:sdev v3 by id4,id5 from x",
    sql: "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5",
    published: [499920.1, 288648.1],
  },
  {
    id: "q7",
    name: "max v1 - min v2 by id3",
    q: "select range_v1_v2:(max v1)-min v2 by id3 from x",
    sql: "SELECT id3, max(v1)-min(v2) AS range_v1_v2 FROM x GROUP BY id3",
    published: [399882],
  },
  {
    id: "q8",
    name: "largest two v3 by id6",
    q: "ungroup select largest2_v3:2 sublist desc v3 by id6 from x where not null v3",
    sql: "SELECT id6, unnest(max(v3, 2)) largest2_v3 FROM x WHERE v3 IS NOT NULL GROUP BY id6",
    published: [19700451],
  },
  {
    id: "q9",
    name: "regression v1 v2 by id2 id4",
    q: "select r2:{x*x} v1 cor v2 by id2,id4 from x",
    sql: "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4",
    published: [9.838641],
  },
  {
    id: "q10",
    name: "sum v3 count by id1:id6",
    q: "select v3:sum v3, cnt:count i by id1,id2,id3,id4,id5,id6 from x",
    sql:
      "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6",
    published: [499976651, 10000000],
  },
];

/** The five join questions. */
export const JOIN: Question[] = [
  {
    id: "j1",
    name: "small inner on int",
    q: "x ij 1!select id1, small_id4:id4, v2 from small",
    sql: "SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)",
    published: [450015154, 347720187],
  },
  {
    id: "j2",
    name: "medium inner on int",
    q: "x ij 1!select id2, medium_id1:id1, medium_id4:id4, medium_id5:id5, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x JOIN medium USING (id2)",
    published: [449954076, 449999845],
  },
  {
    id: "j3",
    name: "medium outer on int",
    q: "x lj 1!select id2, medium_id1:id1, medium_id4:id4, medium_id5:id5, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x LEFT JOIN medium USING (id2)",
    published: [500043741, 449999845],
  },
  {
    id: "j4",
    name: "medium inner on factor",
    q: "x ij 1!select id5, medium_id1:id1, medium_id2:id2, medium_id4:id4, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)",
    published: [449954076, 449999845],
  },
  {
    id: "j5",
    name: "big inner on int",
    q: "x ij 1!select id3, big_id1:id1, big_id2:id2, big_id4:id4, big_id5:id5, big_id6:id6, v2 from big",
    sql:
      "SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)",
    published: [450032092, 449860429],
  },
];
