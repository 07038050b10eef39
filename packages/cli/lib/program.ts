import {Command, CommanderError, Option} from 'commander'
import {UsageError} from './errors.ts'

// Each command's module is loaded when that command runs: `minutes actions` does not load the
// parser, the search engine or the web server (nor have tsx compile them).
const extract = () => import('./extract-command.ts')
const ingest = () => import('./commands/ingest.ts')
const search = () => import('./commands/search.ts')
const serve = () => import('./commands/serve.ts')
const queries = () => import('./commands/queries.ts')
const upstream = () => import('./commands/upstream.ts')
// The only module that loads a network client.
const upstreamSync = () => import('./commands/upstream-sync.ts')

export interface IO {
  out: NodeJS.WritableStream
  err: NodeJS.WritableStream
}

const defaultDb = './minutes.db'

/** The `minutes` command. Actions set the exit code; nothing here calls `process.exit`. */
export function program(io: IO = {out: process.stdout, err: process.stderr}): {command: Command; exitCode: () => number} {
  let exitCode = 0
  const command = new Command('minutes')
    .description('A knowledge base over markdown meeting minutes')
    .exitOverride()
    .configureOutput({writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s)})
  const set = (code: number) => {
    exitCode = code
  }
  const db = () => new Option('--db <file>', 'the minutes database').default(defaultDb)
  const formats = (c: Command) => c.option('--json', 'print JSON').option('--csv', 'print CSV')

  command
    .command('extract')
    .description('extract minutes files (or folders of them) and print the records, without a database')
    .argument('<files...>', 'minutes files or folders')
    .option('--root <dir>', 'folder the paths (and series) are relative to', '.')
    .option('--json', 'print the extraction contract as a JSON array')
    .option('-q, --quiet', 'do not print warnings')
    .option('--parse-budget <seconds>', 'seconds a file may take to parse, plus 6 times as many per MB; past it the file is a parse-timeout problem', '10')
    .action(async (files: string[], options) => set(await (await extract()).extractCommand(files, options, io)))

  command
    .command('ingest')
    .description('read a folder of minutes into the database (incremental, one transaction)')
    .argument('<dir>', 'the folder of minutes: <series>/<YYYYMMDD>.md')
    .addOption(db())
    .option('--aliases <file>', 'names and old handles of people (default: minutes.aliases.json in DIR)')
    .option('--threads <n>', 'parse threads (default: the number of cores)')
    .addOption(new Option('--lunr <when>', 'build the Lunr search shards: auto (small collections), always, never (FTS5 only)').choices(['auto', 'always', 'never']).default('auto'))
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'no progress, no problems, only the summary')
    .action(async (dir: string, options) => set(await (await ingest()).ingestCommand(dir, options, io)))

  formats(
    command
      .command('actions')
      .description('action items, by person, across all meetings')
      .addOption(db())
      .option('--person <who>', '@handle or name (aliases apply)')
      .addOption(new Option('--status <status>', 'thread status').choices(['open', 'done', 'all']).default('open'))
      .option('--series <series>', 'only this series')
      .option('--since <date>', 'mentioned on or after YYYY-MM-DD')
      .option('--threads', 'one row per task across meetings (first and last seen, meetings carried)'),
  ).action(async (options) => set((await queries()).actionsCommand(options, io)))

  command
    .command('links')
    .description('every link, or with --upstream the upstream references grouped by repository')
    .addOption(db())
    .option('--upstream', "only references outside the community's own organisations, grouped by repository")
    .option('--own <org...>', 'own organisations (default: "own" in minutes.config.json)')
    .option('--repo <owner/repo>', 'only this repository')
    .option('--kind <kind>', 'issue, pull, commit, merge_request, change, bug, …')
    .option('--host <host>', 'only this host (github.com, review.opendev.org, …)')
    .option('--state <state...>', 'only upstream items in these states: open, closed, merged, draft, gone, private, unknown (read by `minutes upstream sync`)')
    .addOption(new Option('--format <format>', 'output format; md is a checklist to paste into a tracking issue').choices(['table', 'csv', 'json', 'md']))
    .option('--json', 'same as --format json')
    .option('--csv', 'same as --format csv')
    .action(async (options) => set((await queries()).linksCommand(options, io)))

  const upstreamCommand = command.command('upstream').description('the upstream issues, pull requests, changes and bugs the minutes reference')
  upstreamCommand
    .command('sync')
    .description('read title, state, labels, author and dates of every referenced upstream item (the only command that uses the network)')
    .addOption(db())
    .option('--host <host...>', 'only these hosts (github.com, gitlab.com, review.opendev.org, bugs.launchpad.net, …)')
    .option('--only <owner/repo>', 'only this repository')
    .option('--base-url <url...>', 'API base URL, for GitHub Enterprise or a self-hosted GitLab: URL (with one --host) or HOST=URL')
    .option('--refresh', 'ask about every item again, without conditional requests')
    .option('--batch-size <n>', 'items per batched request (1-100)')
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'no progress, no retries reported, only the summary')
    .option('--verbose', 'print every request: method, URL, status (never a token)')
    .addHelpText('after', '\nTokens are read from GITHUB_TOKEN and GITLAB_TOKEN; they are never stored or printed.')
    .action(async (options) => set(await (await upstreamSync()).syncCommand(options, io)))
  formats(
    upstreamCommand
      .command('changes')
      .description('items whose state changed after the last meeting that mentioned them, and open items no meeting mentioned for months')
      .addOption(db())
      .option('--series <series>', 'only meetings of this series count as mentions')
      .option('--since <date>', 'state changes on or after YYYY-MM-DD')
      .option('--stale <months>', 'list open items not mentioned for this many months (0: none)', '3')
      .option('--own <org...>', 'own organisations (default: "own" in minutes.config.json)')
      .option('--repo <owner/repo>', 'only this repository'),
  ).action(async (options) => set((await upstream()).changesCommand(options, io)))

  formats(
    command
      .command('meetings')
      .description('the meetings in the database')
      .addOption(db())
      .option('--series <series>', 'only this series')
      .option('--since <date>', 'on or after YYYY-MM-DD')
      .option('--until <date>', 'on or before YYYY-MM-DD')
      .option('--person <who>', 'attended by @handle or name'),
  ).action(async (options) => set((await queries()).meetingsCommand(options, io)))

  command
    .command('show')
    .description('one meeting, as extracted and stored')
    .argument('<file>', 'path relative to the ingested folder, e.g. iaas/20231011.md')
    .addOption(db())
    .option('--json', 'print JSON')
    .action(async (file: string, options) => set((await queries()).showCommand(file, options, io)))

  command
    .command('search')
    .description('search across past meetings: ranked topic sections with the matched words')
    .argument('<query>', "Lunr's query language: words, title:word, +must -mustnot, fuzzy~1, prefix*")
    .addOption(db())
    .option('--series <series>', 'only this series')
    .option('--since <date>', 'meetings on or after YYYY-MM-DD')
    .option('--until <date>', 'meetings on or before YYYY-MM-DD')
    .option('--person <who>', 'sections the person attended or is named in')
    .option('--limit <n>', 'how many hits', '10')
    .addOption(new Option('--engine <engine>', 'search engine').choices(['auto', 'lunr', 'fts5']).default('auto'))
    .option('--json', 'print JSON')
    .action(async (query: string, options) => set((await search()).searchCommand(query, options, io)))

  command
    .command('serve')
    .description('the HTTP API (OpenAPI at /docs) and the web page')
    .addOption(db())
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port', '3000')
    .option('--watch <dir>', 're-ingest the minutes folder when a file changes')
    .option('--aliases <file>', 'aliases for --watch ingests (default: minutes.aliases.json in DIR)')
    .addOption(new Option('--engine <engine>', 'search engine').choices(['auto', 'lunr', 'fts5']).default('auto'))
    .option('--rate-limit <n>', 'requests per client per minute, or off', '600')
    .option('--cors <origin...>', 'allow browsers on these origins to call the API')
    .option('--workers <n>', 'processes answering requests (default: one per core, at most 8)')
    .option('--cache <n>', 'answers kept per worker and database state (default 2000; 0: none)')
    .action(async (options) => set(await (await serve()).serveCommand(options, io)))

  formats(command.command('people').description('everyone: meetings attended, open and done tasks').addOption(db())).action(async (options) =>
    set((await queries()).peopleCommand(options, io)),
  )

  formats(command.command('problems').description('the collection lint: every problem found in the minutes').addOption(db())).action(async (options) =>
    set((await queries()).problemsCommand(options, io)),
  )

  return {command, exitCode: () => exitCode}
}

/** Run with `argv` (as `process.argv`); resolves to the exit code. */
export async function run(argv: string[], io: IO = {out: process.stdout, err: process.stderr}): Promise<number> {
  const {command, exitCode} = program(io)
  try {
    await command.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof UsageError) {
      io.err.write(`minutes: ${error.message}\n`)
      return 2
    }
    io.err.write(`minutes: ${(error as Error).message}\n`)
    return 1
  }
  return exitCode()
}
