// Without esbuild: register tsx in the worker, then load it (see bundledWorker).
import {register} from 'tsx/esm/api'

register()
await import('./bench-floor-worker.ts')
