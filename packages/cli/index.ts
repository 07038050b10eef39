export {run, program} from './lib/program.ts'
export {readMinutesFile, listMinutesFiles, type MinutesSource} from './lib/files.ts'
