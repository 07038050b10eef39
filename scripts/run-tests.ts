/**
 * Run the whole test suite with vitest and end with one plain line CI can read:
 * `N passed, N failed` (plus skipped), so a run that executed no test is visible.
 *
 *   pnpm test [vitest filters…]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'minutes-tests-'))
const report = join(dir, 'report.json')
const result = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  {stdio: 'inherit'},
)
let passed = 0
let failed = 0
let skipped = 0
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number}
  passed = json.numPassedTests
  failed = json.numFailedTests
  skipped = json.numPendingTests + json.numTodoTests
} catch {
  failed = Math.max(failed, 1)
  console.error('run-tests: vitest wrote no report')
}
rmSync(dir, {recursive: true, force: true})
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || passed === 0 || result.status !== 0 ? 1 : 0
