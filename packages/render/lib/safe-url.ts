/**
 * An address a page may link to: `http:`, `https:` and `mailto:` only. Anything else a minutes
 * file or an upstream answer holds (`javascript:`, `data:`, `vbscript:`, a relative path) is shown
 * as text, not linked.
 */
export function safeHref(url: string): string | null {
  const trimmed = url.trim()
  return /^(?:https?:\/\/[^\s/]|mailto:[^\s])/i.test(trimmed) ? trimmed : null
}
