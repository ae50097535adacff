/**
 * The seeded generator property tests use, so a failure reproduces from
 * its seed.
 *
 * @module
 */

export { rng } from "../src/value/rng.ts";
