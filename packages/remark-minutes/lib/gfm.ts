import type {Nodes, Root} from 'mdast'
import remarkGfm from 'remark-gfm'
import type {Processor} from 'unified'

type Transform = (tree: Root) => Root | undefined | void
interface FromMarkdownExtension {
  enter?: Record<string, unknown>
  transforms?: Transform[]
}

/**
 * A text the literal-autolink transform could change: a superset of its four patterns (URL, `xmpp:`,
 * `mailto:`, e-mail address), without their look-behinds.
 */
const candidate = /(?:https?:\/\/|www(?=\.))[\w-]*\.|[\w+\-.]@[\w-]+\.[\w-]/i

/**
 * remark-gfm, with one change that leaves every tree the same: mdast-util-gfm-autolink-literal's
 * transform (four find-and-replace passes over the whole tree, ~10 % of a parse) runs only when a
 * text outside links could match one of its patterns. micromark has turned most literal URLs into
 * links already, so in minutes it rarely has anything to do.
 */
export default function remarkGfmLean(this: Processor) {
  remarkGfm.call(this as never)
  const extensions = (this.data('fromMarkdownExtensions') ?? []) as Array<FromMarkdownExtension | FromMarkdownExtension[]>
  for (const extension of extensions.flat()) {
    if (!extension.enter || !('literalAutolink' in extension.enter) || !extension.transforms) continue
    extension.transforms = extension.transforms.map((transform) => (tree: Root) => (mayMatch(tree) ? transform(tree) : undefined))
  }
}

/** Whether a text node outside links and link references could hold a literal autolink. */
function mayMatch(node: Nodes): boolean {
  if (node.type === 'text') return candidate.test(node.value)
  if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return false
  for (const child of node.children) if (mayMatch(child)) return true
  return false
}
