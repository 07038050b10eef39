#!/usr/bin/env node
/**
 * A worker of `minutes serve --workers N` (the server package's cluster.ts forks it): tsx's
 * TypeScript loader, as in `minutes.mjs`, then the worker's life.
 */
await import('tsx')
const {runWorker} = await import('@minutes-kb/server')
await runWorker()
