export {buildApp, type AppOptions} from './lib/app.ts'
export {startServer, type ServeOptions} from './lib/serve.ts'
export {errors} from './lib/errors.ts'
export {encodeCursor} from './lib/lists.ts'
