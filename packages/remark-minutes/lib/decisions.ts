import {assignmentsIn} from './people.ts'
import {clockNote} from './task-text.ts'
import {execAll, squash} from './text.ts'
import type {Decision} from './types.ts'
import type {Vocabulary} from './vocabulary.ts'
import {decisionLabel, underHeading, type Unit} from './units.ts'

const lead = String.raw`^(?:[\s*_>•·|(\[-]|-+>|=+>|→|⇒|\p{Extended_Pictographic})*`
/** Words that label an outcome: `Decision:`, `RESOLVED:`, `Consensus:`, `Emerging consensus:`, `DECISION -`. */
const labelWords = String.raw`(?:decisions?(?: record)?|disposition|decided|agreed|agreements?|resolutions?|resolved|conclusions?|outcomes?|approved|consensus(?: (?:from|of|in) (?:this |the )?meeting)?|(?:emerging|general|rough|lazy|team|tac|tsc|group|meeting) (?:consensus|agreement)|(?:[a-z]{0,3}c|wg|sig|board|core|council|committee|steering|final) (?:decisions?|agreement|resolution)|sense of the meeting|beschlossen|beschluss|entscheidung)`
/**
 * `Decision: …`, `**RESOLVED:** …`, `Resolved (Felix to comment):`, `DECISION - …`, with its number in a log
 * (`Consensus 175-C1:`, `Resolution 2025-04:`) at the start of a line; a meeting
 * bot's command typed in the channel, `#agreed we ship 4.2 on Friday`.
 */
const marker = new RegExp(`${lead}(?:#agreed(?=[\\s:])\\s*:?\\s*(?=\\S)|(?:\\[?\\d{1,2}[:.]\\d{2}\\]?\\s+)?${labelWords}(?:\\s+(?:no\\.\\s*|#)?[A-Z]{0,3}\\d[\\w./-]*)?\\s*(?:\\([^)]*\\))?\\s*(?::|\\s[-–—](?=\\s))\\s*)`, 'iu')
/** `… after a long debate. Consensus: stay on Weblate.`: a label (with its colon) opening a later sentence of a line. */
const sentenceMarker = new RegExp(`[.!?]\\s+${labelWords}\\s*(?:\\([^)]*\\))?\\s*:\\s*`, 'iu')
/** `-> Decision: …` after other text on the line. */
const arrowMarker = /(?:-+>|=+>|→|⇒)\s*(?:decision|decided|agreed|resolution|resolved|consensus)\s*:\s*/i
/** How the meeting got to its outcome, before who agreed: `After a long discussion it was resolved …`, `Following debate, the committee …`. */
const afterDebate = String.raw`(?:^\W*|[.;!?]\s+)(?:[Aa]fter|[Ff]ollowing)\s+(?:[\p{L}-]+\s+){0,3}?(?:discussion|debate|deliberation|consideration),?\s+(?=it\b|we\b|the\b)`
/**
 * A sentence stating what the meeting agreed: `Agreed to move to Wednesday`, `It was agreed that …`, `Decision to create a doc`,
 * also after a phrase of how it got there (`After a long discussion it was resolved that …`, `Following debate, the committee agreed to …`).
 */
const agreement = new RegExp(
  String.raw`(?:^|[.;!?,]\s+|\(\s*|\band\s+|\bso\s+|^\W*\d+(?:\.\d+)+\s+|${afterDebate})(?:(?:it (?:was|has been|is)|we(?: have| all)?|the (?:group|team|meeting|committee|council|board|members?|collective|assembly|plenary|crew)|(?:the )?[\p{L}-]+ (?:group|committee|council)|group|team|meeting|all(?: present)?|(?:everyone|everybody)(?: (?:present|here|(?:in|on|at) (?:the )?(?:voice|room|call|meeting|channel|chat|stage)))?|core(?: team)?|(?:the )?[\p{L}-]+ team|there (?:was|is)(?: (?:general|broad|rough|wide|unanimous|full))?|general|rough|broad|team|unanimous)\s+)?` +
    // `we have rough consensus on …`: a word of degree after the subject.
    String.raw`(?:(?<=\b(?:we|we have|we all|group|team|meeting|committee|council|board|everyone|everybody)\s+)(?:general|broad|rough|wide|unanimous|full|lazy)\s+)?` +
    // `Agreed in the meeting today that …`, `agreed in principle to …`: where or how it was agreed may come between.
    String.raw`(?:agreed|decided|resolved|agreement|consensus(?:\s*\([^)]*\))?(?:\s+(?:in|at|during) (?:the |this |today'?s |the (?:last|previous) )?(?:meeting|call|room)(?: today)?)?(?:\s+(?:is|was))?|decision(?: made)?)\s+(?:(?:in|at|during) (?:the |this |today'?s )?(?:meeting|call|room)(?: today)?\s+)?(?:in principle\s+)?(?:(?:\([^)]*\)\s+)?(?:to|that|on|upon|about|against|not to|we|this|for|it|once(?!\s+(?:before|again|already|more|or)\b))\b|approval\b)` +
    // `… in separate issue. Agreed in meeting` closing what the line said.
    String.raw`|(?:^|[.;!,]\s+)agreed (?:in|at|during) (?:the |this )?(?:meeting|call)\s*[.!]?\s*$` +
    String.raw`|\b(?:everyone|all|group|team) (?:is|are|was|were) agreeable\b`,
  'iu',
)
/** The same with a body named by its acronym: `The CPC decided against this`, `TAC is agreeable` (case matters). */
const bodyAgreement = new RegExp(
  String.raw`(?:^|[.;!,]\s+|\band\s+|${afterDebate})(?:[Tt]he\s+)?(?!(?:NOT|STILL|YET|ALSO|AND|BUT|NO|NOW|WE|IT|WAS|IS)\b)\p{Lu}{2,6}\s+(?:(?:agreed|decided|resolved|AGREED|DECIDED|RESOLVED)\s+(?:to|that|on|against|not to)\b|(?:approved|accepted|adopted|rejected|declined)\s+(?:the|this|it|all|both)\b|(?:is|was|are|were) agreeable\b)`,
  'u',
)
/** How minutes or a proposal were approved: `as presented`, `as circulated`, `as a correct record` (as councils approve their minutes). */
const asRecorded = String.raw`as (?:written|presented|amended|circulated|proposed|an? (?:correct|true|accurate|fair) record)`
const voteWord = String.raw`vote[sd]?|voting|unanimous(?:ly)?|affirm(?:ed)?|approv\w*|consensus|in favou?r`
const tally = String.raw`\b[1-9]\d?\s?[-–]\s?0\b`
/**
 * Votes and assent of the whole meeting: `All in favor.`, `Motion passes`, `6 approved, one abstain`,
 * `All: +1`, `All agreed, …`, `approved`, `Any objections? None`, a tally with a word of voting
 * (`Vote: 5-0 …`, `5-0 affirm`, `+1 to allow either model, 5-0`).
 */
const vote = new RegExp(
  String.raw`(?:^|[.;]\s*)(?:we\s+)?(?:all|everyone|everybody)\s+agreed\b|^\W*all\s*\+1\b` +
    // A tally with a word of voting after it (`yes` too: `5-0 yes`) or before it.
    String.raw`|${tally}(?=.*\b(?:${voteWord}|yes)\b|.*\+1)|(?:\b(?:${voteWord})\b|\+1).*${tally}` +
    // `TAC voted and APPROVED`, `proposal passes`, `no objections to landing`, `9/9 agreed`, `4 TAC members agree, no disagree`.
    String.raw`|\bvoted (?:and|to) (?:approved?|accept(?:ed)?|adopt(?:ed)?|pass(?:ed)?)\b|\b(?:proposal|motion|resolution|vote) (?:carrie[sd](?!\s+(?:over|forward)\b)|(?:is |was )?(?:approved|accepted|adopted))\b(?![^.;]{0,30}\bby\s+(?!(?:the\s+)?(?:group|meeting|team|committee|council|TAC|TSC|CPC|us)\b))` +
    // Not one person's view in dialog (`Josh: No objections to documenting …`, `… has no objection to …`).
    String.raw`|(?<!^\W*[A-Za-z][\w .'-]{0,30}:\s*(?:[^.;]*\s)?)\bno objections (?:to|raised|were raised)\b|\b\d+\s*\/\s*\d+\s+(?:agreed|approved|in favou?r|yes)\b|\b\d+ (?:[A-Z]{2,5} )?members? agreed?\b` +
    // `The minutes of 2025-02-18 were approved without changes.`, `The budget was approved unanimously.` (not a status: `PR has been approved`).
    String.raw`|\b(?:was|were) (?:approved|adopted|ratified|accepted)\s+(?:unanimously|without (?:changes|objections?|amendments?)|${asRecorded})\b|\b(?:were|was) (?:approved|adopted|accepted|agreed)\b(?<=\bminutes\b[^.;]{0,60}\b(?:were|was) (?:approved|adopted|accepted|agreed))` +
    String.raw`|\b(?:all (?:\w+ )?(?:present |members )?|everybody |everyone )(?:are |were |is |was )?in favou?r\b(?![^.;!?]*\?)` +
    // `Result: carried unanimously`, `carried nem. con.` (nobody against), `Approved without changes.` as a line of its own, `Nobody disagreed`, `Everyone is fine with …`.
    String.raw`|\b(?:result|outcome)\s*:\s*(?:carried|passed|approved|adopted|accepted)\b|\b(?:carried|passed|approved|adopted|accepted) (?:unanimously|by consensus|nem\.?\s*con\b)|^\W*(?:approved|accepted|adopted|carried|passed)\s+(?:unanimously|without (?:changes|objections?|amendments?)|${asRecorded})(?:\s*\([^)]*\))?\W*$` +
    // `Approved, with one correction: …`, `Carried, 4 for, 1 abstention.`: a result with its corrections or its count.
    String.raw`|^\W*(?:approved|accepted|adopted)\s*,?\s+with (?:one|a|an|two|three|minor|some|the|\d+)\s+(?:[\w-]+\s+)?(?:corrections?|amendments?|changes?|edits?)\b|\b(?:carried|passed|approved|adopted)\s*[,:(]\s*(?:unanimously\b|\d+\s+(?:for|in favou?r|yes)\b)` +
    String.raw`|(?:^|[.;]\s*)(?:nobody|no one|no-one) disagreed\b|(?:^|[.;]\s*)(?:everyone|everybody|all)(?: (?:is|are|was|were) (?:fine|ok|okay|happy|comfortable) with\b| (?:fine|ok|okay|happy) with (?:that|this|it)\b)(?![^.;!?]*\?)` +
    String.raw`|\b(?:(?:^|[.;]\s*)no objections?\b|(?:nobody|no one|no-one) (?:objected|disagreed)\b|(?:approved|adopted|accepted|agreed|passed) (?:by|with) (?:general |unanimous |full |common )?(?:consent|consensus)\b|none opposed|without objections?|motion (?:passe[sd]|carrie[sd](?!\s+(?:over|forward)\b)|approved|adopted)|(?:vote|proposal|motion) pass(?:es|ed)|passed unanimously|unanimously (?:approved|agreed|accepted|passed)|unanimous (?:agreement|approval|vote|yes|consent)|\d+\s*(?:approved|in favou?r|yes)\b|approved \d+|ratified by|consensus approval|objections\s*\?\s*(?:none|no|nobody|hearing none|silence)\b(?![^.;]*\?))|^all\s*[:\-–]\s*(?:\+1|agree|agreed|yes|no objections?|general agreement)|^\W*(?:approved|accepted|adopted|agreed|passed)\W*$|^\W*(?:approved|accepted|adopted)\s+(?:to|for)\s` +
    // `Approved by the three members present`, `+1 from everyone present to …`: the whole meeting's assent (a sentence of
    // its own: `No discussion. Approved by all four members present.`).
    // (`Rollout … was approved by everyone present`: the meeting itself; not `approved by the core team`, `by all
    // reviewers`, `Approved by the steering committee back then`.)
    String.raw`|(?:[.;]\s+|\b(?:was|were|is|are)\s+)(?:approved|accepted|adopted|passed|carried)\s+by\s+(?:all|everyone|everybody)(?:\s+[\w-]+){0,2}?\s+present\b(?![^.;]*\b(?:in \d{4}|back then|ago|since)\b)` +
    String.raw`|^\W*(?:approved|accepted|adopted|passed|carried)\s+by\s+(?:all|everyone|everybody|the\s+(?:[\w-]+\s+){0,4}?(?:present|members|group|team|committee|meeting))\b|\+1\s+from\s+(?:everyone|everybody|all)\b` +
    // A tally in words: `5 for, 0 against. Passed.`, `Vote: for 13, against 2, abstain 1 → carried` (or rejected: a decision not to).
    // A vote between options: `Vote: 4 for green, 1 for brown.` (not a poll's count: `Poll: 3 for Saturday, 2 for Sunday`).
    // (Its label opening a later sentence too: `Sports hall quote is £180. Vote: 5 for indoors, 1 for the park. Indoors it is.`)
    // (An option's words may hold a decimal point: `Vote: 5 for raising the fee to £3.50, 2 for keeping £3.`)
    String.raw`|(?:^\W*|[.!?]\s+)vot(?:e|ed|ing)\s*:\s*\d+\s+for\s+(?:[^,;.]|\.(?=\d))+[,;]\s*\d+\s+for\s` +
    String.raw`|\b\d+\s+(?:for|in favou?r|yes)\s*[,;/]\s*\d+\s+(?:against|no)\b|\b(?:for|in favou?r|yes)\s*:?\s*\d+\s*[,;/]\s*(?:against|no)\s*:?\s*\d+\b` +
    // `Lazy consensus, no objections in the call.` after a proposal.
    String.raw`|(?:^|[.;,]\s*)no objections? (?:in|from|during) (?:the |this )?(?:call|meeting|room)\b|[.;]\s*lazy consensus\s*[,.;]` +
    // `Minutes of 17 July approved.`, `The agenda is approved as sent`: the meeting's own papers approved (not `to be approved`).
    String.raw`|^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:the\s+)?(?:minutes|agenda|protocol)\b[^.;?]{0,80}?\b(?:is|are|was|were|has been|have been)?\s*(?<!\b(?:be|to|not|for)\s+)(?:approved|adopted|accepted)\b` +
    // `… are elected en bloc`, `Jonas Brückner is elected`: an election by the meeting.
    String.raw`|\b(?:is|are) (?:re-?)?elected(?=\s*[.,;]|\s+(?:and|en bloc|by|unanimously|with|as)\b)(?![^.;]*\?)` +
    // `Joe Sepi and Kris Borchers confirmed for the roles of Chair and Director`, `Ana is appointed as treasurer`: people put
    // in a role by the meeting, in the present or without a verb (not `was appointed …`, reported).
    String.raw`|\b(?!(?:was|were|been|be|being|had|has|have|not|who|to)\b)[a-z][\w'’-]+\s+(?:(?:is|are)\s+)?(?:confirmed|appointed|elected)\s+(?:as|for|to)\s+(?:the\s+)?(?:roles?\s+of\s+|positions?\s+of\s+|posts?\s+of\s+)?(?:new\s+|next\s+|interim\s+)?(?:chairs?|co-?chairs?|vice[- ]chairs?|directors?|treasurer|secretary|president|vice[- ]president|liaison|representatives?)\b(?![^.;]*\?)` +
    // An item closed by the meeting's assent: `merge once the review is in — agreed`, `— no objections.`, `— everybody fine with that`, `— nobody against`
    // (who did not vote after a comma: `— agreed, Thandeka not voting.`, or was not there: `— agreed, Piet not present.`,
    // `… absent`; not `— agreed, but no quorum …`).
    String.raw`|\s[—–-]\s*agreed by (?:all|everyone|everybody)(?: [\w-]+){0,2}?\s*[.!]?\s*$|\s[—–-]\s*(?:agreed|no objections?|(?:nobody|no one|no-one|none) (?:against|opposed|objected)|(?:everyone|everybody|all)(?: (?:is|are|was|were))? (?:fine|ok|okay|happy) with (?:that|this|it))(?:,\s*(?:[^\s,.;!?]+(?:\s+and\s+[^\s,.;!?]+)?\s+(?:not voting|abstain\w*|recused|not (?:present|here|there)|absent|away)|\d+\s+abstentions?|unanimously))?\s*[.!]?\s*$|\(agreed\)\s*[.!]?\s*$` +
    // `line length: 42 chars max, agreed` (not one speaker's `+1, agreed`), `looks good to everyone`, `big yes from the room, but …`: the
    // meeting's assent closing an item after a comma, or the room's.
    String.raw`|(?<!^\W*(?:\+1|yes|yep|ok|okay|sure|same|me too))\s*,\s*agreed\s*[.!]?\s*$|\blooks? good to (?:everyone|everybody|all)\b(?![^.;!?]*\?)|\b(?:yes|\+1|thumbs[- ]up) from (?:the (?:room|group|meeting|call)|everyone|everybody|all)\b(?![^.;!?]*\?)` +
    // `Agreed by everyone present`, `Nobody in the room objected`, `→ we go with …`.
    String.raw`|^\W*agreed\s+by\s+(?:all|everyone|everybody|the\s+(?:[\w-]+\s+){0,4}?(?:present|members|group|team|committee|meeting))\b|(?:nobody|no one|no-one) in the (?:room|call|meeting) (?:objected|disagreed)\b|(?:^|[.;→]\s*|->\s*)we(?:['’]ll| will)? go with\b|^(?![^.;]*\b(?:if|proposal|propose[sd]?|suggest\w*|maybe|unless)\b)[^.;]*,\s*so\s+we go with\b` +
    // `Moving forward with keeping the two meetings.`, `We are moving forward with option B`: what the meeting goes on with, opening the item
    // (not someone's work with its owner at the end: `moving forward with the IaaS standards (@fkr)`).
    String.raw`|^\W*(?:we(?:['’]re| are| will|['’]ll)\s+)?(?:moving|move|going) forward with\b(?![^\n]*\(\s*@?[a-z][\w.@ -]*\)\W*$)` +
    // `declined for beta backport` beside `approved for …`: a decision not to.
    String.raw`|^\W*(?:declined|rejected)\s+(?:to|for)\s` +
    // `Rejected: incompatible with clause 4.2 …` after a request's discussion: the meeting's decision not to, as a
    // label (not a count or an empty field: `Rejected: 12`, `Rejected: none`).
    String.raw`|^\W*(?:declined|rejected)\s*:\s*(?![\d(]|none\b|n\/?a\b|tbd\b|[-–—]|$)[a-z]` +
    // A vote's result closing its line: `APPROVED (+5, 0, -1)` (a +1 / 0 / -1 tally; not `passed (142/150)`, a test
    // run), `+1 all present (6, 0, 0) -> APPROVED`, `Votes: … → rejected.`, `Proposal … -> rejected` (a vote or a
    // proposal before the arrow: `PR #4521 → approved` is a review's state).
    String.raw`|^\W*(?:approved|accepted|adopted|passed|carried|rejected)\s*\(\s*[+-]?\d+\s*,\s*[+-]?\d+\s*,\s*[+-]?\d+\s*\)\W*$|(?:\b(?:votes?|voted|voting|ballot|tally|motion|proposal)\b|\+1|\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)).*(?:-+>|=+>|→|⇒)\s*(?:approved|accepted|adopted|passed|carried|rejected|declined)\s*[.!]?\s*$`,
  'i',
)
/** What a body or everyone does now, in minutes written in the present: `Everyone agrees that …`, `The area team approves the deprecation`. */
const presentAgreement =
  /(?:^|[.;!,]\s+)(?:the\s+)?(?:(?:[\p{L}-]+\s+)?(?:group|team|committee|council|meeting|wg|sig)|everyone|everybody|all present)\s+(?:agrees|approves|decides|resolves)\s+(?:to|that|on|the|this|it|not to)\b/iu
/**
 * `Release date: consensus to cut v0.14 on …`, `Mirrors: we have rough consensus on …`: a topic's label, then the consensus the meeting reached.
 * (The label may be an issue's reference, with its title in brackets: `acme/widget#88 (drop Node 18): consensus to …`, `#91: consensus …`.)
 */
const labelledConsensus = /^\W*(?:[\p{Lu}][^:]{0,40}|(?:[\w.-]+\/[\w.-]+)?#\d+(?:\s*\([^()]{1,60}\))?):\s+(?:we have |there (?:is|was) )?(?:rough |lazy |general |broad )?consensus (?:to|that|on)\s/u
/** A cheap test first: no word of agreement or voting, no decision. */
const maybeAgreed = /agree|(?:^\W*|[.!?]\s+)vot(?:e|ed|ing)\s*:|decid|decision|resolv|consensus|consent|favou?r|objection|objected|oppos|motion|pass|unanim|approv|accept|adopt|ratif|affirm|carrie|against|\+1|fine with|ok with|okay with|happy with|comfortable with|\d\s*\/\s*\d|\d\s?[-–]\s?0\b|^\W*all\b|\d\s*yes\b|\byes\s*:\s*\d|elected|^\W*(?:declined|rejected)\b|[>→⇒]\s*(?:rejected|declined)|we(?:['’]ll| will)? go with|yes from|thumbs[- ]up from|looks? good to|forward with|(?:confirmed|appointed) (?:as|for|to)\b/i
/** Words before an agreement that make it a wish or a question: `need consensus on`, `if we agree to`, `get agreement on`. */
const wishBefore =
  /\b(?:need(?:s|ed)?|seek(?:ing)?|want(?:s|ed)?|try(?:ing)?|get(?:ting)?|if|whether|no|not|without|lack of|definition of|define|believe|think|hope|hoping|aim(?:ing)?|towards?|until|ask(?:ed|ing)?|request(?:ed|ing)?)\b(?:\s+\S+){0,3}\s*$/i
/** The same words about another time: `Agreed last week to …`, `Consensus from before …`. */
const otherTime = /\b(?:last (?:time|week|meeting|call)|previous(?:ly)?|earlier|already|from before|before that|in the past)\b/i

/**
 * `There was consensus in the last call to wait for V3. This consensus was reiterated today.`: an earlier agreement the
 * next sentence says this meeting reaffirmed; the match ends with that sentence.
 */
const reiterated = /^[^.!?]*[.!?]\s+(?:this|that|the)\s+(?:consensus|agreement|decision)\s+(?:was|has been|is)\s+(?:reiterated|reaffirmed|re-affirmed|reconfirmed|confirmed again)(?:\s+(?:today|again|now|(?:in|on|during)\s+(?:this|today['’]s)\s+(?:meeting|call)))?\s*[.!]/i

/** `the minutes of the last meeting`, `protocol of the previous session`: the papers approved now. */
const lastMinutes = /\b(?:minutes|protocol)\s+(?:of|from)\s+(?:the\s+)?(?:last|previous)\s+(?:meeting|call|session|assembly)/gi

/** `Voted 2 yes, 1 no, 1 abstain at 7/29 meeting`: a vote of another meeting, in the rest of the line. */
const atOtherMeeting = /^[^.;]*\bat (?:(?:the )?\d{1,2}\/\d{1,2} |(?:their|its) (?:[\p{L}\d-]+ ){0,2}?)(?:meeting|call|assembly|session|AGM)\b/iu

/** Bodies above the meeting whose votes minutes report: `The Board voted …`, `GB approved …`. */
const otherBody = /\b(?:(?:governing\s+)?board(?:\s+of\s+directors)?|GB|LF|linux foundation|foundation)\b(?:\s+\w+){0,3}?\s+(?:voted|approved|agreed|decided|passed|ratified)\b/i

/** `The launcher team decided …`: a team by its name, not the whole of this meeting's (`the whole team`, `our team`, `core team`). */
const teamSubject = /(?:^|,\s*)(?:the\s+)?(?!(?:the|a|an|our|their|whole|entire|full|core|same|project|wider|extended|this|that)\s)([\p{L}-]+)\s+team\s/iu

/** Whether an agreement's subject is a team the meeting does not name itself for (`the stable team` in `# blkq maintainers calls`). */
function otherTeam(said: string, ownName: string): boolean {
  const team = teamSubject.exec(said)
  if (!team) return false
  const word = team[1]!.toLowerCase()
  return !ownName.toLowerCase().split(/[^\p{L}-]+/u).some((w) => w === word || w.split('-').includes(word))
}

/** `CoC tool - reached consensus on the following`, `The following was agreed:`: the outcomes follow, one per line or item. */
const followingIntro =
  /\b(?:consensus|agreed|agreement|decided|decisions?|resolved|resolutions?)\b[^.?!:]{0,40}?\bthe following\b[^.?!]{0,20}?:?\s*$|\bthe following (?:was|were|has been|have been|is|are) (?:agreed|decided|resolved)\b[^.?!]{0,20}?:?\s*$/i

/** The outcomes a `… the following` line introduces: the lines after it in its paragraph, or `'next'` (the items below or after it). */
function followingOutcomes(unit: Unit): Array<{text: string; line: number}> | 'next' | null {
  if (!/the following/i.test(unit.text)) return null
  const lines = unit.kind === 'item' ? [{text: unit.text, line: unit.line}] : linesOf(unit)
  const at = lines.findIndex((l) => {
    const m = followingIntro.exec(l.text)
    return m !== null && !wishBefore.test(l.text.slice(0, m.index))
  })
  if (at === -1) return null
  return at < lines.length - 1 ? lines.slice(at + 1) : 'next'
}

/**
 * Decisions among the units of a document. `ownBoard`: the meeting is a board's (`# Board of Directors — Regular
 * Meeting`), so `The board agreed to …` is the meeting's own outcome, not a body above it reported. `ownName`: the
 * meeting's title, series and file, which name the team it is (`# Release team meeting`: `The release team agreed …`).
 */
export function collectDecisions(units: readonly Unit[], topicAt: (line: number) => string | null, vocab: Vocabulary, ownBoard = false, ownName = ''): Decision[] {
  const decisions: Decision[] = []
  // `asWritten`: a line of a list of outcomes is kept whole, its reference too (`Land the PR first. #1007`).
  // `recap`: an outcome section's item, which may repeat an outcome recorded above (`Summary of resolutions`, a bot's recap).
  const add = (text: string, line: number, asWritten = false, recap = false) => {
    // What the whole group said (`All: +1`, `Everyone: yes`) is the outcome; a reference or address after a sentence is not.
    const said = squash(text).replace(/^(?:all|everyone|everybody)\s*[:–—-]\s*/i, '').replace(clockNote, '')
    // Not the object of a verb or preposition (`close #45`, `land it in #1007`): that is what was decided.
    const clean = (asWritten ? said : said.replace(/(?<!\b(?:close[sd]?|fix(?:es|ed)?|merge[sd]?|land(?:s|ed)?|reopen(?:s|ed)?|revert(?:s|ed)?|resolve[sd]?|supersede[sd]?|approve[sd]?|accept(?:s|ed)?|adopt(?:s|ed)?|see|in|on|of|for|to|into|with|per|via|from|by))(?:\s+(?:#\d+|https?:\/\/\S+))+\s*$/i, ''))
      // `… review @CRob - talk with Katharine`: a task given to someone after the outcome is not part of it.
      .replace(/\s+@[\w.-]+\s+[-–—]\s+.*$/, '')
      .replace(/^[*_~\s]+|[*_~\s]+$/g, '')
    // A summary that repeats an outcome (`Summary of resolutions`, a bot's recap) records it once.
    if (clean && /[\p{L}\p{N}]/u.test(clean) && !(recap && decisions.some((d) => d.text.toLowerCase() === clean.toLowerCase()))) decisions.push({text: clean, line, topic: topicAt(line)})
  }
  const underOutcome = underHeading(vocab.outcomeHeading)
  /**
   * The items of an outcome label; a label among them (`Conclusion:` under `Conclusion:`) holds outcomes of its own. Under a
   * label that names only who carries it out (`Resolved: (Centril to comment)`), the resolution is written out as a thread:
   * items nested deeper are outcomes too (`deep`); under a bare label (`Conclusion:`) they are notes on its outcomes.
   */
  const outcomes = (children: readonly Unit[], deep = false): void => {
    for (const child of children) {
      if (child.children.length > 0 && decisionLabel.test(child.text)) outcomes(child.children)
      else {
        add(child.text, child.line)
        if (deep) outcomes(child.children, true)
      }
    }
  }
  const visit = (list: readonly Unit[], inOutcome: boolean): void => {
    // A bare label (`Consensus:`) whose outcomes follow as items of the same list rather than under it.
    let labelled = false
    // Items seen under the current heading: a paragraph after an outcome section's list is a note or a
    // footer (`Minutes formatted by scribe.perl …`), not one more outcome.
    let listed = false
    for (let i = 0; i < list.length; i++) {
      const unit = list[i]!
      if (unit.kind === 'heading') {
        labelled = false
        listed = false
        continue
      }
      if (unit.kind === 'item') listed = true
      if (labelled && unit.kind === 'item') {
        add(unit.text, unit.line)
        continue
      }
      labelled = false
      const following = followingOutcomes(unit)
      if (following === 'next') {
        for (const child of unit.children) add(child.text, child.line)
        labelled = unit.children.length === 0
        continue
      }
      if (following) {
        for (const outcome of following) add(outcome.text, outcome.line, true)
        continue
      }
      const summary = closingSummary(list, i)
      if (summary !== null) {
        add(summary, unit.line)
        continue
      }
      const recap = inOutcome || (unit.depth === 0 && underOutcome(unit) && !(unit.kind === 'paragraph' && listed))
      const found = decisionOf(unit, recap, ownBoard, ownName)
      if (found === 'children' || found === 'thread') {
        outcomes(unit.children, found === 'thread')
        labelled = unit.children.length === 0
      } else if (found) {
        for (const outcome of found) add(outcome.text, outcome.line, false, recap)
      } else {
        visit(unit.children, false)
      }
    }
  }
  visit(units, false)
  return decisions
}

/** `Summary:` and words after it. */
const summaryLine = /^\W*summary\s*:\s*(?=\S)/i
/** A task's line (`AI: Josh to summarize …`, `Action item: …`, `TODO: …`). */
const taskLine = /^\W*(?:AI\b|action(?:[ _-]?items?)?\s*:|to[ -]?do\s*:)/i

/**
 * `Summary: we probably want a different solution here` closing the discussion of a topic (after its other lines, with only
 * tasks after it until the next heading): the topic's outcome, the words after the label. Not a bare `Summary:` over its
 * items, one that opens a topic, nor a link or a note in brackets (`summary: https://…`, `summary: (no objections raised)`).
 */
function closingSummary(list: readonly Unit[], i: number): string | null {
  const unit = list[i]!
  const m = unit.children.length === 0 && unit.text.length > 10 ? summaryLine.exec(unit.text) : null
  if (!m || i === 0 || list[i - 1]!.kind === 'heading') return null
  const rest = unit.text.slice(m[0].length)
  if (rest.startsWith('(') || !/\p{L}/u.test(rest.replace(/https?:\/\/\S+/g, ''))) return null
  for (let j = i + 1; j < list.length && list[j]!.kind !== 'heading'; j++) if (!taskLine.test(list[j]!.text)) return null
  return rest
}

/** What a unit records: its outcomes (`text`, `line`; a paragraph's lines may hold several), its children as outcomes (`thread`: at any depth), or nothing. */
function decisionOf(unit: Unit, inOutcome: boolean, ownBoard: boolean, ownName: string): Array<{text: string; line: number}> | 'children' | 'thread' | null {
  const text = unit.text
  // `Consensus from this meeting` with the outcomes under it.
  if (unit.children.length > 0 && decisionLabel.test(text)) return 'children'
  const m = marker.exec(text) ?? arrowMarker.exec(text)
  if (m) {
    const rest = text.slice(m.index + m[0].length)
    if (notOutcome(rest)) return null
    // `Resolved: (Niko)`: who carries it out, not what was resolved; the outcomes are the items under it.
    const who = rest.replace(/^\s*\([^)]*\)\s*$/, '')
    if (/[\p{L}\p{N}]/u.test(who)) return [{text: beforeTasks(rest), line: unit.source.lineAt(unit.start + m.index)}]
    return who === rest ? 'children' : 'thread'
  }
  if (inOutcome) return [{text, line: unit.line}]
  // `Myles: Is there any problem with bootstrapping it this way?` / `All: No.`: the whole meeting's answer to the question just above.
  if (text.length <= 24 && groupAnswer.test(text) && unit.previous && yesNoQuestion.test(unit.previous.text)) return [{text, line: unit.line}]
  // `> [!success] Decision` / `> [!decision]`: an Obsidian callout titled (or typed) as the outcome; its lines are the outcome.
  if (text.charCodeAt(0) === 91 && unit.kind === 'paragraph') {
    const lines = linesOf(unit)
    if (calloutOutcome.test(lines[0]!.text)) {
      const body = lines.slice(1).map((l) => ({text: l.text.replace(/^(?:>\s*)+/, ''), line: l.line})).filter((l) => /[\p{L}\p{N}]/u.test(l.text))
      if (body.length) return [{text: body.map((l) => l.text).join(' '), line: body[0]!.line}]
    }
  }
  // An item is one statement; a paragraph of a transcript is one per line.
  const lines = unit.kind === 'item' ? [{text, line: unit.line}] : linesOf(unit)
  const found: Array<{text: string; line: number}> = []
  // The line after which a later line may record an outcome of its own (`The agenda is approved as sent.` /
  // `The protocol of 2024 is approved with 20 yes, …`): a motion's vote belongs to the motion.
  let from = 0
  let last = -2
  for (let index = 0; index < lines.length; index++) {
    const candidate = lines[index]!
    // A line that opens in lowercase goes on with the sentence of the line before (`… Jonas Brückner` /
    // `is elected and accepts the election.`): one outcome, found on the first.
    if (last === index - 1 && /^\p{Ll}/u.test(candidate.text)) {
      last = index
      continue
    }
    // A label opening a later line of a paragraph (`JD: showed the grid.` / `Outcome: ship v3.`) or a later sentence.
    const label = candidate.text.includes(':') ? ((candidate === lines[0] ? null : marker.exec(candidate.text)) ?? sentenceMarker.exec(candidate.text)) : null
    if (label) {
      const rest = candidate.text.slice(label.index + label[0].length)
      if (/[\p{L}\p{N}]/u.test(rest) && !notOutcome(rest)) {
        found.push({text: rest, line: candidate.line})
        from = index + 1
        last = index
        continue
      }
    }
    const at = agreed(candidate.text, ownBoard, ownName)
    // The outcome starts with the sentence that states it: `Michael asked … . It was decided to …` → `It was decided to …`.
    if (at === null) continue
    // `Motion: to approve the minutes.` / `Moved: Óscar; seconded: Yuki. Carried (5 in favour).`: a motion and
    // its vote on the paragraph's later lines are one outcome, at the motion's line.
    last = index
    const motion = lines.slice(from, index).findIndex((l) => /^\W*motion\b/i.test(l.text))
    if (motion !== -1) {
      found.push({text: lines.slice(from + motion, index + 1).map((l) => l.text).join(' '), line: lines[from + motion]!.line})
      from = index + 1
      continue
    }
    from = index + 1
    // A sentence too short to say what (`Consensus approval.`) keeps what it approves.
    // (`will ping Joe and CPC members, we agreed once we have 2-3 approvals …`: after a task's clause and a comma, the
    // agreement is a statement of its own.)
    const start = sentenceStart(candidate.text, at)
    const begin = at > start && /,\s*$/.test(candidate.text.slice(start, at)) && /^\W*will\s+[a-z]/i.test(candidate.text.slice(start)) ? at : start
    // (`Actions: Joe Sepi and Kris Borchers confirmed for …`: a transcript's outcome line, without its label.)
    const sentence = candidate.text.slice(begin).replace(/^\W*actions?\s*:\s*/i, '')
    if (sentence.split(/\s+/).length < 4) {
      found.push({text: candidate.text, line: candidate.line})
      continue
    }
    // An item written over several lines: the outcome is at the line where its sentence starts.
    const line = unit.kind === 'item' && begin > 0 ? unit.source.lineAt(unit.start + begin) : candidate.line
    // (An earlier agreement reaffirmed now ends with the sentence that says so.)
    const again = reiterated.exec(sentence)
    found.push({text: again ? again[0] : beforeTasks(sentence), line})
  }
  return found.length ? found : null
}

/** `All: No.`, `Everyone: yes`: the whole meeting answering. */
const groupAnswer = /^\W*(?:all|everyone|everybody)\s*[:–—-]\s*(?:yes|no)\W*$/i
/** A question to be answered yes or no (after who asks it): `Is there any problem with …?`, `Any objections?`, `Can we ship it?`. */
const yesNoQuestion = /(?:^|[.!:]\s+)(?:is|are|was|were|do|does|did|can|could|should|shall|will|would|any|anyone|anybody|objections?)\b[^.!?]*\?\s*$/i

/** An Obsidian callout's first line naming an outcome: `[!success] Decision`, `[!decision]`, `[!note]- Agreed`. */
const calloutOutcome = /^\[!(?:(?:decision|decisions|outcome|resolution)\][-+]?\s*$|[\w-]+\][-+]?\s*(?:decision|decisions|decided|agreed|outcome|resolution|resolved)\s*:?\s*$)/i

/** What follows a label and is not an outcome: `Decision: Is this a valid MVP?` asks for one; `Consensus from before was …` reports an old one. */
function notOutcome(rest: string): boolean {
  return /\?\s*(?:https?:\/\/\S+)?\s*$/.test(rest) || /^\s*(?:from |of )?(?:before|last|previous)/i.test(rest)
}

const sentenceEnd = /[.!?]\s+(?=\p{Lu})/gu

/**
 * The outcome without the sentences after it that give a task (`Resolved: the fee stays. The Treasurer will send the
 * invoices.`, `All agreed to wait. We need someone to compare the readings.`): those are the meeting's action items.
 */
function beforeTasks(text: string): string {
  for (const m of execAll(sentenceEnd, text)) {
    const rest = text.slice(m.index + m[0].length)
    // (Not a rule of the outcome that names who does what: `The TSC will review every RFC …; stale PRs get closed …`.)
    if (rest.includes(';')) continue
    if (/^(?:[Ww]e need (?:someone|somebody|a volunteer) to|ACTION\b|AI\s*(?::|@))/.test(rest) || assignmentsIn(rest).some((a) => a.index <= 4)) return text.slice(0, m.index + 1)
  }
  return text
}
/** Where the sentence holding `index` starts. */
function sentenceStart(text: string, index: number): number {
  let start = 0
  for (const m of execAll(sentenceEnd, text.slice(0, index + 1))) start = m.index + m[0].length
  return start
}

/** Where a statement records an agreement of this meeting, or `null`. */
function agreed(text: string, ownBoard = false, ownName = ''): number | null {
  if (/\?\s*$/.test(text) || !maybeAgreed.test(text)) return null
  const past = agreement.exec(text)
  const said = past ?? bodyAgreement.exec(text) ?? presentAgreement.exec(text) ?? labelledConsensus.exec(text)
  const found = said ?? vote.exec(text)
  if (!found) return null
  // Only the words around the agreement, in its sentence, decide whether it is a wish or about another time.
  const at = found.index + (found[0].match(/^(?:[\s.;!,(]|\band\s|\bso\s)*/i)?.[0].length ?? 0)
  // An aside in brackets (`Vote (board members not voting): 19 yes`) and the proposal before a dash
  // (`mark it "Draft", not "Stable" — everybody fine with that`) are not what qualifies the agreement.
  const before = /^[—–-]/.test(text.slice(at)) ? '' : text.slice(Math.max(sentenceStart(text, at), found.index - 40), at).replace(/\([^()]*\)/g, ' ').replace(/^.*\s[—–]\s/, '')
  if (wishBefore.test(before)) return null
  // The minutes of the last meeting approved today are this meeting's outcome.
  // (In its clause after a decision against: `Decided against, the schedule is already tight` is not an earlier
  // decision; `We decided on it, at the last meeting` is.)
  const end = found.index + found[0].length
  const clauseEnd = /\b(?:against|not to)\s*$/i.test(found[0]) ? /[,;.!?]/.exec(text.slice(end, end + 30)) : null
  if ((otherTime.test(text.slice(found.index, clauseEnd ? end + clauseEnd.index : end + 30).replace(lastMinutes, 'minutes')) || atOtherMeeting.test(text.slice(found.index))) && !reiterated.test(text.slice(found.index))) return null
  // `Board voted on this - unanimous approval`, `GB approved …`: another body's vote, reported here.
  // (In a board's own minutes, `The board agreed to …` is the meeting.)
  const clause = text.slice(sentenceStart(text, at), at + found[0].length)
  const other = otherBody.exec(clause)
  if (other && !(ownBoard && /^board\b(?!\s+of\s+(?!directors))/i.test(other[0]) && /^\W*(?:the\s+)?$/i.test(clause.slice(0, other.index)))) return null
  // `the stable team decided to …`: a team the meeting's title, series and file do not name is another body, its decision
  // reported (`The web team agrees that …`, in minutes written in the present, is a team in the room agreeing now).
  if (past && otherTeam(text.slice(at, found.index + found[0].length), ownName)) return null
  // A vote is recorded whole (`Crob makes the motion. Dan seconds. All in favor.`); an agreement from its sentence, and
  // a vote's label opening a later sentence from that label (`The quote is £180. Vote: 5 for indoors, …`).
  return said || /^[.!?]\s+vot/i.test(found[0]) ? at : 0
}

function linesOf(unit: Unit): Array<{text: string; line: number}> {
  const raw = unit.source.text.slice(unit.start, unit.end)
  const out: Array<{text: string; line: number}> = []
  let offset = unit.start
  for (const part of raw.split('\n')) {
    if (part.trim()) out.push({text: part.trim(), line: unit.source.lineAt(offset + (part.length - part.trimStart().length))})
    offset += part.length + 1
  }
  return out
}
