/**
 * Search relevance over the real minutes: questions a community member would ask ("where did we
 * discuss X?"), each with the topic sections that answer it, found by reading the minutes (not by
 * recording what an engine returned). At least one of those sections must be among the top 3 hits,
 * on both engines.
 *
 * Sections are named `path:line`, the line being the topic heading that starts the section.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase, type DB} from '@minutes-kb/store'
import {Searcher, updateSearchIndex, type SearchFilters} from '@minutes-kb/search'
import {corpusRoot} from '../scripts/corpus.ts'
import {tempDir} from './helpers.ts'

interface Case {
  query: string
  filters?: SearchFilters
  /** Sections (`path:line` of the topic heading) of which at least one must be in the top 3. */
  expected: string[]
}

const cases: Case[] = [
  // --- rare technical terms ---------------------------------------------------------------------
  {
    // The `topology.scs.community/host-id` node label: introduced in the node distribution standard
    // extensions (sig-standardization 2024-03-21 l.30, container 2024-03-21 l.25), judged impractical
    // under "Stabilize SCS-compatible KaaS v1" (sig-standardization 2024-08-22 l.57), then dropped
    // from scs-0214-v2 (container 2024-11-21 l.22: "host-id label seems to run counter to k8s
    // notions"; container 2024-11-28 l.17: "SCS idea for host-id in capi was not supported").
    query: 'host-id',
    expected: [
      'container/20241121.md:22',
      'container/20241128.md:17',
      'container/20240321.md:25',
      'sig-standardization/20240321.md:30',
      'sig-standardization/20240822.md:57',
      'sig-standardization/20241121.md:35',
    ],
  },
  {
    // "VP04 Kolla Redis TLS (@matusjenca2)" in the IaaS call (l.78: memcached has no TLS, so Redis
    // with TLS in kolla-ansible + oslo.cache); the same item reported in the community call
    // (l.93 "Team IaaS": "VP04 Kolla Redis TLS"); follow-up "Upstream work on redis" (l.122:
    // "Add ability to deploy Redis with TLS enabled to Ansible Kolla") and "VP04 - Work on redis
    // TLS" (iaas 2024-04-03 l.37: continue the TLS work despite the Redis licence change).
    query: 'kolla redis TLS',
    expected: ['iaas/20240131.md:78', 'community-call/20240201.md:93', 'iaas/20240327.md:122', 'iaas/20240403.md:37'],
  },
  {
    // The only real discussion of disappearing Octavia VRRP ports: the heading at l.20 of the IaaS
    // call of 2022-09-14 (the agenda list in "Recurring items" l.9 just names it).
    query: 'octavia vrrp ports',
    expected: ['iaas/20220914.md:20'],
  },
  {
    // "Harbor upgrade (@chess-knight)" l.76: Harbor v2.10.2, "Big images successfully pushed …
    // pushing large images was an issue before" — the only place large image pushes are discussed.
    query: 'harbor upgrade large images',
    expected: ['container/20240418.md:76'],
  },
  {
    // In the container series, Gardener is discussed at length only on 2024-06-27: node distribution
    // on shared control planes "(Kamaji, Gardener, etc)" (l.39) and "KaaS conformance tests with
    // other providers/implementations … especially Gardener" (l.53). Other container meetings
    // mention it once in passing.
    query: 'gardener',
    filters: {series: 'container'},
    expected: ['container/20240627.md:39', 'container/20240627.md:53'],
  },
  {
    // "Change default sonobuoy execution mode to parallel?" — heading l.36 of sig-standardization
    // 2026-03-12 (PR standards#1117 lets Sonobuoy tests run in parallel).
    query: 'sonobuoy parallel',
    expected: ['sig-standardization/20260312.md:36'],
  },
  {
    // Zuul e2e for KaaS broken by high latency in gx-scs (container 2024-03-21 l.61: "End-to-end
    // testing (Zuul) for KaaS is dysfunctional because of high latency"), fixed two weeks later
    // (container 2024-04-11 l.61: "… is working again"). The community call reported the same
    // problem: "GX-SCS high disk latency issue" (2024-03-21 l.160) and "CNCF e2e test failures on
    // KaaS v1 clusters on gx-scs … caused by high disk I/O latency" (2024-06-13 l.173).
    query: 'zuul e2e tests latency',
    expected: ['container/20240321.md:61', 'container/20240411.md:61', 'community-call/20240321.md:160', 'community-call/20240613.md:173'],
  },
  {
    // "Swappiness" l.107 of the IaaS call 2023-09-06: swappiness on ceph nodes (10 from
    // ceph-ansible, maybe 1); the only place the word occurs.
    query: 'swappiness',
    expected: ['iaas/20230906.md:107'],
  },
  {
    // SBOMs were discussed in three product board meetings: "SBOM for SCS" (2023-11-06 l.76),
    // "SBOM strategy" (2024-06-17 l.72), "SBOM creation" (2024-09-23 l.44).
    query: 'sbom',
    expected: ['product-board/20231106.md:76', 'product-board/20240617.md:72', 'product-board/20240923.md:44'],
  },

  // --- multi-word questions ---------------------------------------------------------------------
  {
    // Ceph-ansible → Rook migration: "Future of ceph day-2 tooling" (iaas 2024-02-07 l.88, 2024-02-14
    // l.67), "Overview of day-2-tooling ceph" (2024-02-21 l.65: "managed migration to Rook without
    // downtime"), "New deployment and day-2-ops tooling" (2024-02-28 l.51: "rook migration tool"),
    // "Testers needed for rookify" (2024-08-21 l.107), "Update on rookify" (2024-11-06 l.31:
    // "generic approach to migrate ceph installations to rook"), and the community-call reports.
    query: 'migrate ceph to rook',
    expected: [
      'iaas/20241106.md:31',
      'iaas/20240821.md:107',
      'iaas/20240221.md:65',
      'iaas/20240207.md:88',
      'iaas/20240214.md:67',
      'iaas/20240228.md:51',
      'community-call/20240222.md:76',
      'community-call/20241107.md:63',
    ],
  },
  {
    // Node-to-node (VP04 Lot 2a) encryption with IPsec: decided in iaas 2024-03-27 l.37, proposed on
    // the Kolla vPTG (2024-04-10 l.128), PoC demo (2024-07-10 l.122), ADR moved to standards
    // (2024-11-06 l.55: "ADR about the IPsec encryption of compute communication").
    query: 'node to node encryption ipsec',
    expected: ['iaas/20240327.md:37', 'iaas/20240410.md:128', 'iaas/20240710.md:122', 'iaas/20241106.md:55'],
  },
  {
    // "Research: Health Monitor for LB with OVN provider #268" was a recurring IaaS item
    // (2023-05-03 l.80, 2023-05-17 l.63, 2023-05-31 l.48, 2023-06-14 l.39, 2023-06-28 l.66).
    query: 'health monitor load balancer OVN provider',
    expected: ['iaas/20230503.md:80', 'iaas/20230517.md:63', 'iaas/20230531.md:48', 'iaas/20230614.md:39', 'iaas/20230628.md:66'],
  },
  {
    // Splitting the mandatory flavors out of the flavor naming standard (standards#267):
    // iaas 2023-06-07 l.39 "Split mandatory flavors from flavor naming" (rationale, decision),
    // 2023-06-14 l.88, 2023-06-28 l.110 and 2023-08-16 l.76 "Split flavor naming and mandatory flavors
    // in two separate standards", done in 2023-09-06 l.51 "Split flavor naming" (PR #319 merged).
    query: 'split mandatory flavors from flavor naming',
    expected: ['iaas/20230607.md:39', 'iaas/20230614.md:88', 'iaas/20230628.md:110', 'iaas/20230816.md:76', 'iaas/20230906.md:51'],
  },
  {
    // yawol as an Octavia alternative: "Alternative LB" (sig-standardization 2024-04-04 l.49:
    // "Octavia alternative (?): yawol … not a drop-in replacement"), reported in the community
    // call of the same day (l.180 "discussion about standardizing yawol as an alternative load
    // balancer to Octavia").
    query: 'alternative load balancer yawol instead of octavia',
    expected: ['sig-standardization/20240404.md:49', 'community-call/20240404.md:180'],
  },
  {
    // Cluster stacks that work without Octavia: "Openstack Cluster Stacks without octavia as
    // loadbalancer" (container 2024-04-11 l.71: kube-vip + yawol, "Wooctavia cluster stacks") and
    // "Merge wooctavia and alpha to scs" (2024-05-02 l.44).
    query: 'cluster stacks without octavia',
    expected: ['container/20240411.md:71', 'container/20240502.md:44'],
  },
  {
    // Keeping the history of compliance-check results from Zuul (standards#381): sig-standardization
    // 2024-01-25 l.46 and 2024-02-22 l.47 "Keep logs/history of compliance checks from zuul".
    query: 'keep history of compliance check results',
    expected: ['sig-standardization/20240125.md:46', 'sig-standardization/20240222.md:47'],
  },
  {
    // IPv6 standardization: "IPv6 support for IaaS" (sig-standardization 2025-11-25 l.57) and the
    // "VP10 - IPv4/IPv6 Standardization - Breakout session" (iaas 2024-04-03 l.143). (The
    // "Pending action items" sections only repeat an AI line.)
    query: 'IPv6 standardization',
    expected: ['sig-standardization/20251125.md:57', 'iaas/20240403.md:143'],
  },

  // --- filters ----------------------------------------------------------------------------------
  {
    // Person filter: @josephineSei owned the key manager standard — "Barbican Plugin / Key-Manager
    // Standard (@josephineSei)" iaas 2024-06-05 l.33, "Key Manager Standard (@josephineSei)"
    // 2024-06-19 l.49 and 2024-08-21 l.43, "Key-Manager Spec (@josephineSei)" 2024-07-17 l.50.
    query: 'key manager standard',
    filters: {person: '@josephineSei'},
    expected: ['iaas/20240605.md:33', 'iaas/20240619.md:49', 'iaas/20240717.md:50', 'iaas/20240821.md:43'],
  },
  {
    // Person filter: @poelzi built the Ceph mon backups — "Ceph Mon Backups (@poelzi)" iaas
    // 2024-03-13 l.122 and "Backups vor Ceph Mons (@poelzi)" 2024-04-10 l.75.
    query: 'ceph backups',
    filters: {person: '@poelzi'},
    expected: ['iaas/20240313.md:122', 'iaas/20240410.md:75'],
  },
  {
    // Person filter: @josephineSei on image encryption — "Image Encryption (Upstream
    // Standardization)(@josephineSei, @markus-hentsch)" iaas 2024-08-21 l.73, and "Specs for image
    // encryption merged upstream" iaas 2024-07-17 l.63, and "Standards" iaas 2024-01-31 l.108
    // ("Image Encryption Upstream Patches can be found here"); she attended both meetings.
    query: 'image encryption',
    filters: {person: '@josephineSei'},
    expected: ['iaas/20240821.md:73', 'iaas/20240717.md:63', 'iaas/20240131.md:108'],
  },
  {
    // Series filter: in the product board, hackathons had their own topics twice: "Hackathon
    // reminder" (2023-10-23 l.52) and "Hackathon #4 @ Gonicus 2024-04-16" (2024-02-26 l.64).
    query: 'hackathon',
    filters: {series: 'product-board'},
    expected: ['product-board/20231023.md:52', 'product-board/20240226.md:64'],
  },
  {
    // Date range: the hackathon of early 2023 (Nuremberg) — sig-community "Community Hackathon 2023"
    // (2023-01-16 l.24), "Update Community Hackathon 2023" (2023-02-13 l.19), "Recap SCS Community
    // Hackathon Nuremberg" and "Check list for future hackathons" (2023-03-13 l.23, l.36); community
    // call "SCS Community Hackathon in Nürnberg" (2023-02-02 l.92), "SCS Hackathon" (2023-02-16 l.109).
    query: 'hackathon',
    filters: {from: '2023-01-01', to: '2023-03-31'},
    expected: [
      'sig-community/20230116.md:24',
      'sig-community/20230213.md:19',
      'sig-community/20230313.md:23',
      'sig-community/20230313.md:36',
      'community-call/20230202.md:92',
      'community-call/20230216.md:109',
    ],
  },
  {
    // Series + date range: the Domain Manager standard in the IaaS call during 2024 — "Domain
    // Manager role/persona" (2024-03-13 l.52), "Domain Manager" (2024-07-17 l.41), "Role Standard /
    // Domain Manager" (2024-07-31 l.69), "Domain Manager Standard" (2024-09-11 l.37).
    query: 'domain manager',
    filters: {series: 'iaas', from: '2024-01-01', to: '2024-12-31'},
    expected: ['iaas/20240313.md:52', 'iaas/20240717.md:41', 'iaas/20240731.md:69', 'iaas/20240911.md:37'],
  },

  // --- query language ---------------------------------------------------------------------------
  {
    // Field query: topics titled with rookify — "Testers needed for rookify" (iaas 2024-08-21 l.107),
    // "Update on rookify" (iaas 2024-11-06 l.31), "Rookify Docs" (community-call 2024-09-12 l.226).
    query: 'title:rookify',
    expected: ['iaas/20240821.md:107', 'iaas/20241106.md:31', 'community-call/20240912.md:226'],
  },
  {
    // Field query: the two topics titled with Harbor — "Harbor deployment" (container 2023-03-06
    // l.50) and "Harbor upgrade" (container 2024-04-18 l.76).
    query: 'title:harbor',
    expected: ['container/20230306.md:50', 'container/20240418.md:76'],
  },
  {
    // Required/prohibited: volume backups but not Ceph — the Cinder volume backup standard
    // (iaas 2024-07-31 l.79, 2024-09-11 l.67), "absence of cinder-backup not handled well"
    // (2024-11-06 l.79), "Revisit volume backup standard" (sig-standardization 2025-06-26 l.29),
    // "VP10 - User Data Backup" (iaas 2024-04-03 l.107). (iaas 2024-07-03 l.90 names Ceph, so it is
    // rightly excluded.)
    query: '+backup +volume -ceph',
    expected: ['iaas/20240731.md:79', 'iaas/20240911.md:67', 'iaas/20241106.md:79', 'sig-standardization/20250626.md:29', 'iaas/20240403.md:107'],
  },
  {
    // Fuzzy, with a typo: "keycloack" for Keycloak. The Keycloak deployment on the control plane
    // (k3s) was a standing community-call topic (2024-01-25 l.124 "Team IAM/Keycloak-deployment",
    // 2024-02-01 l.151, "Keycloak deployment on control plane" 2024-02-15 l.115, 2024-02-22 l.112,
    // 2024-02-29 l.109, 2024-03-07 l.114); "Keycloak in the IaaS Reference implementation" (iaas
    // 2023-11-22 l.34) is about how to deploy it. (2024-02-08 l.163 has the heading but no text.)
    query: 'keycloack~1 deployment',
    expected: [
      'community-call/20240125.md:124',
      'community-call/20240201.md:151',
      'community-call/20240215.md:115',
      'community-call/20240222.md:112',
      'community-call/20240229.md:109',
      'community-call/20240307.md:114',
      'iaas/20231122.md:34',
    ],
  },
  {
    // Fuzzy, with a typo: the Kubernetes version policy (scs-0210) — "k8s version policy qa"
    // (container 2024-07-04 l.69), "Script for k8s version policy" (container 2024-11-07 l.32),
    // "SCS-0210-V2: Relax k8s version policy" (sig-standardization 2026-04-23 l.65), "refining the
    // CVE check for the version policy script" (sig-standardization 2024-04-04 l.30), and the
    // community call's "Kubernetes version policy" block (2024-02-29 l.174).
    query: 'kubernets~1 version policy',
    expected: [
      'container/20240704.md:69',
      'container/20241107.md:32',
      'sig-standardization/20260423.md:65',
      'sig-standardization/20240404.md:30',
      'community-call/20240229.md:174',
    ],
  },
  {
    // Wildcard: cert* for certificate/certification revocation — "Finalize discussions on scs-0004
    // certification revocation" (sig-standardization 2025-07-10 l.27), "certification revocation if
    // tests/checks fail" (2025-06-26 l.59), "Certificate revocation in SCS-0007" (2026-04-23 l.15).
    query: 'cert* revocation',
    expected: ['sig-standardization/20250710.md:27', 'sig-standardization/20250626.md:59', 'sig-standardization/20260423.md:15'],
  },

  // --- German and accented words ----------------------------------------------------------------
  {
    // "Behördenspiegel Seminar in Neuss" (October 31) is listed in the community-call events of
    // May–July 2024; every one of those "Events" sections is a right answer.
    query: 'Behördenspiegel',
    expected: [
      'community-call/20240530.md:145',
      'community-call/20240606.md:199',
      'community-call/20240613.md:271',
      'community-call/20240620.md:261',
      'community-call/20240627.md:258',
      'community-call/20240704.md:248',
      'community-call/20240711.md:196',
      'community-call/20240718.md:196',
    ],
  },
  {
    // "Gesellschaft für Informatik": the press items on SCS as a sovereign alternative to Delos
    // Cloud (community-call 2024-10-10 l.171 "Press", 2024-10-17 l.74 "Press") and the GI
    // Informatik-Festival in the events of 2024-02-01 (l.254), which SCS then attended
    // ("Informatik-Festival 2024", community-call 2024-09-26 l.232: panel and workshop).
    query: 'Gesellschaft für Informatik',
    expected: ['community-call/20241010.md:171', 'community-call/20241017.md:74', 'community-call/20240201.md:254', 'community-call/20240926.md:232'],
  },
  {
    // The German onboarding checklist of sig-community 2022-10-24 ("Welche Werkzeuge wofür genutzt
    // werden", "Wer ist bei SCS Ansprechpartner für was") is one item of its list agenda, a topic of
    // its own: "Checklist for on-boarding new community members" l.23.
    query: 'welche Werkzeuge wofür',
    expected: ['sig-community/20221024.md:23'],
  },
]

const corpus = corpusRoot()
const key = (path: string, line: number) => `${path}:${line}`

describe('search relevance over the shared corpus', () => {
  let db: DB
  beforeAll(async () => {
    db = openDatabase(join(tempDir(), 'relevance.db'))
    await ingestDirectory(db, corpus, {beforeCommit: (tx, changes) => updateSearchIndex(tx, changes, {lunr: 'always'}).then(() => {})})
  }, 180_000)
  afterAll(() => db?.close())

  it('has at least 24 cases, each expected section a topic (a heading or an item of a list agenda) of a real meeting', () => {
    expect(cases.length).toBeGreaterThanOrEqual(24)
    const topics = db.prepare('SELECT 1 FROM topics t JOIN meetings m ON m.id = t.meeting_id WHERE m.path = ? AND t.line = ?')
    for (const c of cases) {
      for (const section of c.expected) {
        const [path, line] = section.split(':') as [string, string]
        const text = readFileSync(join(corpus, path), 'utf8').split('\n')[Number(line) - 1]
        expect(text, section).toMatch(/^(?:#{1,6} |\s*[-*+] )/)
        expect(topics.get(path, Number(line)), `${section} is a topic`).toBeDefined()
      }
    }
  })

  for (const engine of ['lunr', 'fts5'] as const) {
    describe(engine, () => {
      for (const c of cases) {
        const label = c.filters ? `${c.query} ${JSON.stringify(c.filters)}` : c.query
        it(label, () => {
          const result = new Searcher(db, {engine}).search(c.query, c.filters ?? {}, {limit: 3})
          expect(result.engine).toBe(engine)
          const top = result.hits.map((h) => `${key(h.meeting.path, h.line)} [${h.topic}]`)
          const found = result.hits.some((h) => c.expected.includes(key(h.meeting.path, h.line)))
          expect(found, `top 3 for ${label}:\n  ${top.join('\n  ') || '(none)'}`).toBe(true)
        })
      }
    })
  }
})
