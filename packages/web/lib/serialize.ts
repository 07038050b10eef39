import type {Nodes, Properties} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {htmlVoidElements} from 'html-void-elements'
import {find, html} from 'property-information'
import {stringifyEntities} from 'stringify-entities'
import {htmlOptions} from '@minutes-kb/render'

/**
 * A page's tree as HTML: the same bytes as `toHtml(tree, {...htmlOptions, allowDangerousHtml: true})`
 * (packages/web/test/serialize.test.ts compares them on every page of the example collection, the hostile
 * minutes and generated values), in a third of the time. hast-util-to-html looks each attribute up
 * in the schema and runs the character-reference encoder on every text and value; pages are built
 * of a few dozen attribute names and mostly plain text, so this keeps each name's serialization and
 * passes a string to the encoder only when it holds a character to escape, with the encoder's own
 * options. What it does not do (SVG, `<template>`, comments, text inside a raw-text element such as
 * `<script>`, a node it does not know) it leaves to hast-util-to-html, for the whole tree.
 *
 * `raw` nodes are written as they are: only the meeting page has one, the minutes' HTML that the
 * renderer sanitized at ingest (see plugin.ts).
 */
export function serializePage(tree: Nodes): string {
  try {
    const out: string[] = []
    one(tree, out)
    return out.join('')
  } catch (error) {
    if (error !== unsupported) throw error
    return toHtml(tree, {...htmlOptions, allowDangerousHtml: true})
  }
}

const unsupported = new Error('left to hast-util-to-html')

const voids = new Set(htmlVoidElements)
/** Elements whose text hast-util-to-html writes unescaped, and elements that switch the schema. */
const leftAlone = new Set(['iframe', 'noembed', 'noframes', 'plaintext', 'script', 'style', 'xmp', 'svg', 'math', 'template'])

// The subsets hast-util-to-html escapes (its `text` and `element` handlers, without parse errors or
// dangerous characters allowed), as given to stringify-entities, and tests for any of them.
const textSubset = ['<', '&']
const textEscapes = /[<&]/
const valueSubset = ['\0', '"', '&', "'", '`']
const valueEscapes = /[\0"&'`]/
const nameEscapes = /[\0\t\n\f\r "&'/<=>`]/
const textOptions = {...htmlOptions.characterReferences, subset: textSubset}
const valueOptions = {...htmlOptions.characterReferences, subset: valueSubset, attribute: true}

function one(node: Nodes, out: string[]): void {
  switch (node.type) {
    case 'root':
      for (const child of node.children) one(child, out)
      return
    case 'doctype':
      out.push('<!doctype html>')
      return
    case 'text':
      out.push(textEscapes.test(node.value) ? stringifyEntities(node.value, textOptions) : node.value)
      return
    case 'raw':
      out.push(node.value)
      return
    case 'element': {
      if (leftAlone.has(node.tagName) && (node.children.length > 0 || node.tagName === 'svg' || node.tagName === 'math' || node.tagName === 'template')) throw unsupported
      out.push('<', node.tagName, attributes(node.properties), '>')
      const start = out.length
      for (const child of node.children) one(child, out)
      // A void element is not closed unless its children wrote something.
      if (voids.has(node.tagName.toLowerCase()) && out.slice(start).every((part) => part === '')) return
      out.push('</', node.tagName, '>')
      return
    }
    default:
      throw unsupported
  }
}

const attributeInfo = new Map<string, ReturnType<typeof find>>()

/** What the schema says of a property (its attribute name, whether it is boolean, comma-separated), looked up once per name. */
function info(key: string): ReturnType<typeof find> {
  let known = attributeInfo.get(key)
  if (!known) {
    known = find(html, key)
    if (nameEscapes.test(known.attribute)) throw unsupported
    attributeInfo.set(key, known)
  }
  return known
}

/** The attributes with their leading space, as hast-util-to-html's `serializeAttributes` writes them. */
function attributes(properties: Properties): string {
  let result = ''
  for (const key in properties) {
    let value = properties[key]
    if (value === null || value === undefined) continue
    const attribute = info(key)
    if (attribute.overloadedBoolean && (value === attribute.attribute || value === '')) value = true
    else if ((attribute.boolean || attribute.overloadedBoolean) && (typeof value !== 'string' || value === attribute.attribute || value === '')) value = Boolean(value)
    if (value === false || (typeof value === 'number' && Number.isNaN(value))) continue
    if (value === true) {
      result += ' ' + attribute.attribute
      continue
    }
    // comma-separated-tokens' and space-separated-tokens' `stringify`, as hast-util-to-html calls them.
    const text = !Array.isArray(value) ? String(value) : attribute.commaSeparated ? (value.at(-1) === '' ? [...value, ''] : value).join(', ').trim() : value.join(' ').trim()
    result += ' ' + attribute.attribute + '="' + (valueEscapes.test(text) ? stringifyEntities(text, valueOptions) : text) + '"'
  }
  return result
}
