export {buildApp, type AppOptions} from './lib/app.ts'
export {startServer, type ServeOptions} from './lib/serve.ts'
export {defaultWorkers, runWorker, serveWorkers, type ClusterOptions} from './lib/cluster.ts'
export {errors} from './lib/errors.ts'
