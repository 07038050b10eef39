import {Command, CommanderError} from 'commander'
import {extractCommand} from './extract-command.ts'

export interface IO {
  out: NodeJS.WritableStream
  err: NodeJS.WritableStream
}

/** The `minutes` command. Actions set `exitCode`; nothing here calls `process.exit`. */
export function program(io: IO = {out: process.stdout, err: process.stderr}): {command: Command; exitCode: () => number} {
  let exitCode = 0
  const command = new Command('minutes')
    .description('A knowledge base over markdown meeting minutes')
    .exitOverride()
    .configureOutput({writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s)})

  command
    .command('extract')
    .description('extract minutes files (or folders of them) and print the records')
    .argument('<files...>', 'minutes files or folders')
    .option('--root <dir>', 'folder the paths (and series) are relative to', '.')
    .option('--json', 'print the extraction contract as a JSON array')
    .option('-q, --quiet', 'do not print warnings')
    .action((files: string[], options: {root: string; json?: boolean; quiet?: boolean}) => {
      exitCode = extractCommand(files, options, io)
    })

  return {command, exitCode: () => exitCode}
}

/** Run with `argv` (as `process.argv`); resolves to the exit code. */
export async function run(argv: string[], io?: IO): Promise<number> {
  const {command, exitCode} = program(io)
  try {
    await command.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    throw error
  }
  return exitCode()
}
