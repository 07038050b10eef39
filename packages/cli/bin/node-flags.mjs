/**
 * V8 flags per command, for the Node that runs it (`minutes.mjs` starts one with them).
 *
 * `ingest` keeps every core busy with parse workers. V8's background threads — parallel and
 * concurrent garbage collection, concurrent optimisation — then have no idle core to run on and only
 * take turns with the workers: on two cores an ingest of 10× the corpus ran in 0.84× the time (CPU
 * 0.85×) with them off; either flag alone gained little. Without the concurrent marker V8 let each
 * worker's heap grow to 140 MB around 20 MB of live data (peak RSS 400 MB at 10×, 438 MB at 100×);
 * a heap growing factor of 2 keeps it at ~300 MB in the same time. Every other command keeps V8's
 * defaults: a server with idle cores gains from them. Such flags cannot be changed in a running
 * process (`v8.setFlagsFromString` with GC flags crashed V8 here), hence the separate Node.
 *
 * @param {readonly string[]} args the command line after `minutes`
 * @returns {string[]}
 */
export function nodeFlags(args) {
  return args[0] === 'ingest' ? ingestNodeFlags : []
}

/** @type {string[]} */
export const ingestNodeFlags = ['--single-threaded-gc', '--no-concurrent-recompilation', '--heap-growing-percent=100']
