/**
 * The thread similarity measure on real carried-over action items of the shared corpus (texts as
 * extracted, pairs checked by reading both meetings) and on tasks that only look alike.
 */
import {describe, expect, it} from 'vitest'
import {contentWords, groupThreads, type Mention} from '@minutes-kb/store'

let nextId = 1
const mention = (date: string, text: string, assignees = ['@x'], done = false): Mention => ({
  id: nextId++,
  meetingId: Date.parse(date) / 86_400_000,
  date,
  text,
  done,
  assignees,
})

describe('action threads', () => {
  it('joins real carried-over items, copied verbatim or with small edits', () => {
    const pairs: Array<[string, string, string, string]> = [
      // iaas/20230920.md:45 → iaas/20230927.md:34
      ['2023-09-20', 'send mail to scs-tech@ to fish for reviewers', '2023-09-27', 'send mail to scs-tech@ to fish for reviewers (also featured in community call) - Domain Manager Role'],
      // sig-standardization/20231102.md:48 → 20231123.md:21
      ['2023-11-02', 'Create issues (one epic issue and separate issues for each standard)', '2023-11-23', 'Create issues regarding C&H implementation (one epic issue and separate issues for each standard)'],
      // sig-standardization/20231102.md:58 → 20231123.md:23
      ['2023-11-02', 'Add one sentence that mentions that CPU generation can only be used together with the CPU vendor/architecture', '2023-11-23', 'Add one sentence within PR 364 that mentions that CPU generation can only be used together with the CPU vendor/architecture'],
      // sig-standardization/20231005.md:62 → 20231019.md:26
      ['2023-10-05', 'organize a preparation meeting', '2023-10-19', 'organize a preparation meeting to prioritize issues in epic standards/#285'],
      // container/20230313.md:105 → 20230320.md:96
      ['2023-03-13', 'OIDC integration; https://registry.scs.community migration', '2023-03-20', 'OIDC integration; https://registry.scs.community/ migration'],
    ]
    for (const [d1, t1, d2, t2] of pairs) {
      const threads = groupThreads([mention(d1, t1), mention(d2, t2)])
      expect(threads, `${t1} ≈ ${t2}`).toHaveLength(1)
    }
  })

  it('keeps different tasks apart, even of the same person in consecutive meetings', () => {
    const apart: Array<[string, string]> = [
      // sig-standardization/20231123.md:51 and 20240321.md:48 (@mbuechse): two different issues to write.
      ['write issue to add a Zuul check job to standards repo', 'write issue to add Implementation Notes Supplement'],
      ['create issue', 'create PR'],
      ['send out calendar invitation', 'send mail'],
      ['write proposal', 'write Blog'],
    ]
    for (const [t1, t2] of apart) expect(groupThreads([mention('2024-01-04', t1), mention('2024-01-11', t2)]), `${t1} ≠ ${t2}`).toHaveLength(2)
  })

  it('needs the same assignees, different meetings, and a gap of at most 120 days', () => {
    expect(groupThreads([mention('2024-01-04', 'write the docs', ['@a']), mention('2024-01-11', 'write the docs', ['@b'])])).toHaveLength(2)
    expect(groupThreads([mention('2024-01-04', 'write the docs'), mention('2024-09-11', 'write the docs')])).toHaveLength(2)
    const same = mention('2024-01-04', 'write the docs')
    expect(groupThreads([same, {...mention('2024-01-04', 'write the docs'), meetingId: same.meetingId}])).toHaveLength(2)
    expect(groupThreads([mention('2024-01-04', 'write the docs', ['@a', '@b']), mention('2024-01-11', 'write the docs', ['@b', '@a'])])).toHaveLength(1)
  })

  it('follows a task through several rewordings, comparing with its first and its latest wording', () => {
    // sig-standardization/20231102.md:92 `move this forward` (under the topic of issues#332), then from
    // 20231123.md:27 on `move issues/#332 forward`: the same task.
    const threads = groupThreads([
      mention('2023-11-02', 'move this forward'),
      mention('2023-11-23', 'move issues/#332 forward'),
      mention('2023-11-30', 'move issues/#332 forward and ask for reviews'),
      mention('2023-12-14', 'move issues/#332 forward and ask for reviews'),
    ])
    expect(threads.map((t) => t.length)).toEqual([4])
  })

  it('reads content words without stop words, URLs and handles', () => {
    expect([...contentWords('create the scs-iaas room for @fkr and announce it, see https://x.org/y')]).toEqual(['create', 'scs-iaas', 'room', 'announce', 'see'])
    expect([...contentWords('Reviews of pull requests')]).toEqual(['review', 'pull', 'request'])
  })
})
