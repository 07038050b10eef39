import type {Nodes, Root} from 'mdast'
import remarkGfm from 'remark-gfm'
import type {Processor} from 'unified'

type Transform = (tree: Root) => Root | undefined | void
interface FromMarkdownExtension {
  enter?: Record<string, unknown>
  transforms?: Transform[]
}
/** What this plugin needs of a micromark construct and of the tokenizer that asks it. */
interface Construct {
  name?: string
  previous?: (this: TokenizeContext, code: number | null) => boolean
}
interface TokenizeContext {
  now(): {offset: number}
}
type ConstructRecord = Record<string, Construct | Construct[] | undefined>
interface MicromarkExtension {
  text?: ConstructRecord
}

/**
 * A text the literal-autolink transform could change: a superset of its four patterns (URL, `xmpp:`,
 * `mailto:`, e-mail address), without their look-behinds.
 */
const candidate = /(?:https?:\/\/|www(?=\.))[\w-]*\.|[\w+\-.]@[\w-]+\.[\w-]/i
/** What every match of `candidate` holds (a `.`, and `://`, `www.` in any case or `@`): tested first, it is cheaper than the pattern. */
const mayHold = (value: string): boolean => value.includes('.') && (value.includes('@') || value.includes('://') || value.includes('w.') || value.includes('W.'))

/**
 * remark-gfm, with two changes that leave every tree the same:
 *
 * - mdast-util-gfm-autolink-literal's transform (four find-and-replace passes over the whole tree, ~10 %
 *   of a parse) runs only when a text outside links could match one of its patterns. micromark has turned
 *   most literal URLs into links already, so in minutes it rarely has anything to do.
 * - micromark tries an e-mail literal (`ana@example.org`) only where the word it starts reaches an `@`.
 *   Its construct is attempted at the start of every word (an attempt that ends the text's data, then
 *   fails at the word's end), ~8 % of a parse.
 */
export default function remarkGfmLean(this: Processor) {
  remarkGfm.call(this as never)
  const extensions = (this.data('fromMarkdownExtensions') ?? []) as Array<FromMarkdownExtension | FromMarkdownExtension[]>
  for (const extension of extensions.flat()) {
    if (!extension.enter || !('literalAutolink' in extension.enter) || !extension.transforms) continue
    extension.transforms = extension.transforms.map((transform) => (tree: Root) => (mayMatch(tree) ? transform(tree) : undefined))
  }
  emailOnlyBeforeAt(this)
}

/** Whether a text node outside links and link references could hold a literal autolink. */
function mayMatch(node: Nodes): boolean {
  if (node.type === 'text') return mayHold(node.value) && candidate.test(node.value)
  if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return false
  for (const child of node.children) if (mayMatch(child)) return true
  return false
}

/** The document the processor's parser is reading (as micromark reads it: without a byte order mark); null outside it. */
let source: string | null = null

/**
 * The e-mail literal's construct, asked only where the word at the tokenizer's place reaches an `@`
 * in the document. The construct reads the same characters (ASCII letters, digits, `+-._`, then `@`)
 * from the same place, so where the document has no `@` there, it fails: not trying it changes nothing.
 * (Only for the processor's own parser, which says what the document is; otherwise as before.)
 */
function emailOnlyBeforeAt(processor: Processor): void {
  const parse = processor.parser
  const extensions = processor.data('micromarkExtensions') as MicromarkExtension[] | undefined
  if (!parse || !extensions) return
  processor.parser = (document, file) => {
    const outer = source
    source = document.charCodeAt(0) === 0xfeff ? document.slice(1) : document
    try {
      return parse(document, file)
    } finally {
      source = outer
    }
  }
  const lean = new Map<Construct, Construct>()
  const wrap = (construct: Construct): Construct => {
    const previous = construct.previous
    if (construct.name !== 'emailAutolink' || !previous) return construct
    let wrapped = lean.get(construct)
    if (!wrapped) {
      wrapped = {
        ...construct,
        previous(code) {
          return previous.call(this, code) && (source === null || wordReachesAt(source, this.now().offset))
        },
      }
      lean.set(construct, wrapped)
    }
    return wrapped
  }
  for (let i = 0; i < extensions.length; i++) {
    const text = extensions[i]!.text
    if (!text) continue
    const record: ConstructRecord = {}
    for (const [code, constructs] of Object.entries(text)) record[code] = Array.isArray(constructs) ? constructs.map(wrap) : constructs && wrap(constructs)
    extensions[i] = {...extensions[i], text: record}
  }
}

/** Whether the characters of an e-mail address's local part from `index` on (`+-._`, ASCII letters and digits) end at an `@`. */
function wordReachesAt(value: string, index: number): boolean {
  let code = value.charCodeAt(index)
  while (code === 43 || code === 45 || code === 46 || code === 95 || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) code = value.charCodeAt(++index)
  return code === 64
}
