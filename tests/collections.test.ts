/**
 * Collections as they are: a repository checkout with a README and a template, a year file holding
 * one meeting per dated heading, year folders that are not series, names joined to handles, and a
 * community's own configuration — through the real `minutes` command and a real SQLite file.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {openDatabase} from '@minutes-kb/store'
import {beforeAll, describe, expect, it} from 'vitest'
import {minutes, tempDir} from './helpers.ts'

function write(root: string, files: Record<string, string>): void {
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), {recursive: true})
    writeFileSync(join(root, path), value)
  }
}

const yearFile = `# 2024 committee meeting notes

Notes are in reverse chronological order.

## Meetings

# **2024-02-20**

## Attendance

| | Name | GH ID |
| -- | --- | --- |
| x | Ada Lovelace (Engines Ltd) | adalove |
| x | Grace Hopper | ghopper |
| | Alan Turing | aturing |

### Agenda:

* Quantum roadmap
  * AI @adalove: draft the roadmap
  * Agreed to publish the roadmap in March.

# **2024-02-06** *\\- Canceled (holiday)*

# 2024-01-23

## Attendance

| | Name | GH ID |
| -- | --- | --- |
| x | Ada Lovelace | adalove |

### Agenda:

* Budget review
  * Ada will circulate the spreadsheet
`

describe('a repository checkout', () => {
  let dir: string
  let db: string
  let ingest: ReturnType<typeof minutes>
  beforeAll(() => {
    dir = tempDir()
    const root = join(dir, 'checkout')
    write(root, {
      'README.md': '# Our committee\n\nThe minutes of our meetings live in `minutes/`. Join us!\n',
      'CONTRIBUTING.md': '# Contributing\n\nOpen a pull request.\n',
      'minutes/template.md': '# Committee meeting YYYY-MM-DD\n\n## Attendance\n\n- name\n\n## Agenda\n\n- item\n',
      'minutes/2024.md': yearFile,
      'minutes/2023/2023-12-12.md': '# Committee meeting 2023-12-12\n\n## Present\n\n- Ada Lovelace (@adalove)\n- Grace Hopper\n\n## Budget\n\n- Grace to book the room\n',
      'minutes/2023/2023-11-28.md': '# Committee meeting 2023-11-28\n\n## Present\n\n- Ada Lovelace\n\n## Budget\n\n- Ada Lovelace will send the invoice\n',
    })
    db = join(dir, 'checkout.db')
    ingest = minutes(['ingest', root, '--db', db])
  }, 60_000)

  it('reads its meetings and leaves the README, CONTRIBUTING and the template out, saying so', () => {
    expect(ingest.status).toBe(0)
    expect(ingest.stdout).toMatch(/^added 6, changed 0, unchanged 0, moved 0, removed 0 files \(5 meetings read, 3 not minutes\), problems \d+ in/)
    expect(ingest.stderr).toMatch(/README\.md:1:1 info Unexpected file that is not minutes \(README\.md is a repository document\)/)
    expect(ingest.stderr).toMatch(/minutes\/template\.md:1:1 info Unexpected file that is not minutes \(the file name says it is a template\)/)
    const sqlite = openDatabase(db, {readonly: true})
    expect(sqlite.prepare('SELECT path, meetings, not_minutes FROM files ORDER BY path').all()).toEqual([
      {path: 'CONTRIBUTING.md', meetings: 0, not_minutes: 'CONTRIBUTING.md is a repository document'},
      {path: 'README.md', meetings: 0, not_minutes: 'README.md is a repository document'},
      {path: 'minutes/2023/2023-11-28.md', meetings: 1, not_minutes: null},
      {path: 'minutes/2023/2023-12-12.md', meetings: 1, not_minutes: null},
      {path: 'minutes/2024.md', meetings: 3, not_minutes: null},
      {path: 'minutes/template.md', meetings: 0, not_minutes: 'the file name says it is a template'},
    ])
    sqlite.close()
    const problems = JSON.parse(minutes(['problems', '--db', db, '--json']).stdout) as Array<{path: string; rule: string}>
    expect(problems.filter((p) => p.rule === 'not-minutes').map((p) => p.path).sort()).toEqual(['CONTRIBUTING.md', 'README.md', 'minutes/template.md'])
  })

  it('lists each meeting of the year file with its date, in the series of its folder (not a year)', () => {
    const meetings = JSON.parse(minutes(['meetings', '--db', db, '--json']).stdout) as Array<{path: string; date: string; series: string; participants: number}>
    expect(meetings.map((m) => [m.date, m.path, m.series, m.participants])).toEqual([
      ['2024-02-20', 'minutes/2024.md', 'minutes', 2],
      ['2024-02-06', 'minutes/2024.md', 'minutes', 0],
      ['2024-01-23', 'minutes/2024.md', 'minutes', 1],
      ['2023-12-12', 'minutes/2023/2023-12-12.md', 'minutes', 2],
      ['2023-11-28', 'minutes/2023/2023-11-28.md', 'minutes', 1],
    ])
  })

  it('finds a meeting of the year file by search, and shows it by its line', () => {
    const {hits} = JSON.parse(minutes(['search', 'quantum roadmap', '--db', db, '--json']).stdout) as {hits: Array<{meeting: {id: number; path: string; date: string}; line: number}>}
    expect(hits[0]).toMatchObject({meeting: {path: 'minutes/2024.md', date: '2024-02-20'}, line: 19})
    const shown = JSON.parse(minutes(['show', `minutes/2024.md:${hits[0]!.line}`, '--db', db, '--json']).stdout)
    expect(shown).toMatchObject({id: hits[0]!.meeting.id, date: '2024-02-20', range: [7, 21], meetingsInFile: 3})
    expect(shown.raw.split('\n')[0]).toBe('# **2024-02-20**')
    expect(shown.actionItems).toEqual([expect.objectContaining({assignees: ['@adalove'], text: 'draft the roadmap', line: 20})])
    expect(shown.decisions).toEqual([expect.objectContaining({text: 'Agreed to publish the roadmap in March.', line: 21})])
    expect(shown.participants.map((p: {person: string; name: string | null; affiliation: string | null}) => [p.person, p.name, p.affiliation])).toEqual([
      ['@adalove', 'Ada Lovelace', 'Engines Ltd'],
      ['@ghopper', 'Grace Hopper', null],
    ])
    const byId = JSON.parse(minutes(['show', String(hits[0]!.meeting.id), '--db', db, '--json']).stdout)
    expect(byId.range).toEqual([7, 21])
    const all = JSON.parse(minutes(['show', 'minutes/2024.md', '--db', db, '--json']).stdout) as Array<{date: string; canceled: boolean}>
    expect(all.map((m) => [m.date, m.canceled])).toEqual([
      ['2024-02-20', false],
      ['2024-02-06', true],
      ['2024-01-23', false],
    ])
  })

  it('joins a name written beside a handle to the mentions of that name alone, and a first name within a meeting', () => {
    const people = JSON.parse(minutes(['people', '--db', db, '--json']).stdout) as Array<{person: string; meetings: number}>
    // Ada Lovelace (@adalove) in 2023-12-12 and the GH ID tables make every "Ada Lovelace" and "Ada" @adalove.
    expect(people.find((p) => p.person === '@adalove')).toMatchObject({meetings: 4})
    expect(people.some((p) => p.person === 'Ada Lovelace')).toBe(false)
    const open = JSON.parse(minutes(['actions', '--person', '@adalove', '--db', db, '--json']).stdout) as Array<{text: string}>
    expect(open.map((a) => a.text).sort()).toEqual(['circulate the spreadsheet', 'draft the roadmap', 'send the invoice'])
    // Grace Hopper's handle comes from the 2024 table: the 2023 "Grace" task is hers.
    const grace = JSON.parse(minutes(['actions', '--person', 'Grace Hopper', '--db', db, '--json']).stdout) as Array<{text: string; assignees: string[]}>
    expect(grace).toEqual([expect.objectContaining({text: 'book the room', assignees: ['@ghopper']})])
  })
})

describe('minutes.config.json', () => {
  it('names the series by a pattern and adds a community’s own heading words', () => {
    const dir = tempDir()
    const root = join(dir, 'minutes')
    write(root, {
      'minutes.config.json': JSON.stringify({series: '^teams/([^/]+)/', words: {participants: ['Anwesenheit'], actions: ['Aufgaben'], decisions: ['Beschlüsse']}}),
      'teams/web/notes/2024-05-02.md': '# Sitzung 2024-05-02\n\n## Anwesenheit\n\n- @ana\n- @bob\n\n## Aufgaben\n\n- @ana: Termine abstimmen\n\n## Beschlüsse\n\n- Wir treffen uns monatlich\n',
    })
    const db = join(dir, 'config.db')
    expect(minutes(['ingest', root, '--db', db, '--quiet']).status).toBe(0)
    const [meeting] = JSON.parse(minutes(['meetings', '--db', db, '--json']).stdout) as Array<{series: string; participants: number; actions: number; decisions: number}>
    expect(meeting).toMatchObject({series: 'web', participants: 2, actions: 1, decisions: 1})
    // A bad configuration is a clear error naming the file, and nothing is written.
    writeFileSync(join(root, 'minutes.config.json'), JSON.stringify({words: {people: ['Anwesenheit']}}))
    const bad = minutes(['ingest', root, '--db', db])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/Unexpected `words\.people` in .*minutes\.config\.json, expected participants, actions, decisions, agenda/)
  })
})
