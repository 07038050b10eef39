#!/usr/bin/env node
/**
 * The `minutes` command: runs `minutes.ts` with tsx's TypeScript loader — in this process, or, when
 * the command wants V8 flags this process was not started with (`node-flags.mjs`: `ingest`), in a
 * Node started with them. That child leaves when this process goes (its IPC channel closes), so a
 * killed `minutes ingest` leaves no ingest running behind it; its transaction is never committed.
 */
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {nodeFlags} from './node-flags.mjs'

const args = process.argv.slice(2)
const flags = nodeFlags(args)

if (flags.every((flag) => process.execArgv.includes(flag))) {
  if (process.channel) {
    // Started by another `minutes`: leave with it. The channel must not keep this process alive.
    process.channel.unref()
    process.once('disconnect', () => process.exit(1))
  }
  await import('tsx')
  await import('./minutes.ts')
} else {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...args], {stdio: ['inherit', 'inherit', 'inherit', 'ipc']})
  // Ctrl-C reaches both processes; a signal sent to this one alone is passed on.
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])
  for (const signal of signals) process.on(signal, () => child.kill(signal))
  child.on('error', (error) => {
    console.error(`minutes: cannot start node: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of signals) process.removeAllListeners(s)
      process.kill(process.pid, signal)
    } else process.exit(code ?? 1)
  })
}
