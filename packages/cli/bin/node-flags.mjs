/**
 * V8 flags per command, for the Node that runs it (`minutes.mjs` starts one with them).
 *
 * `ingest` keeps every core busy with parse workers. V8's background threads — parallel and
 * concurrent garbage collection, concurrent optimisation — then have no idle core to run on and only
 * take turns with the workers: on two cores an ingest of 10× the corpus ran in 0.84× the time (CPU
 * 0.85×) with them off; either flag alone gained little. Without the concurrent marker V8 let each
 * worker's heap grow to 140 MB around 20 MB of live data (peak RSS 400 MB at 10×, 438 MB at 100×);
 * a heap growing factor of 2 keeps it at ~300 MB in the same time.
 *
 * `serve` (and each of its workers, cluster.ts) starts V8's young generation at 8 MB a semi-space
 * instead of growing it from 1 MB as survivals call for: a server whose every request allocates a
 * little settled, in about half its runs, with a young generation that stayed small — scavenges
 * five times as costly (GC 12.5 % of its profile against 2.6 %), a meeting's detail at 37–43 µs of
 * server CPU a request instead of 22–26, a meetings page at 82–96 instead of 74–77 (`.bench/api.db`,
 * autocannon, 10 connections); with the flag no run of ten settled so, for 15 MB more peak RSS.
 *
 * Every other command keeps V8's defaults. Such flags cannot be changed in a running process
 * (`v8.setFlagsFromString` with GC flags crashed V8 here), hence the separate Node.
 *
 * @param {readonly string[]} args the command line after `minutes`
 * @returns {string[]}
 */
export function nodeFlags(args) {
  return args[0] === 'ingest' ? ingestNodeFlags : args[0] === 'serve' ? serveNodeFlags : []
}

/** @type {string[]} */
export const ingestNodeFlags = ['--single-threaded-gc', '--no-concurrent-recompilation', '--heap-growing-percent=100']

/** @type {string[]} */
export const serveNodeFlags = ['--min-semi-space-size=8']
