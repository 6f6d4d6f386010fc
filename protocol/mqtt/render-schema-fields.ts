/**
 * Flattens a message schema (TypeBox objects are JSON Schema) into the rows of a field table for
 * docs/mqtt-contract.md: path, type, required, bounds, description. Only the JSON Schema keywords
 * our message schemas use are read; a test checks every schema renders without surprises.
 */

import { STRING_FORMATS } from './messages/field-schemas.js'

const FORMAT_BY_PATTERN = new Map(STRING_FORMATS.map((format) => [format.pattern, format.name]))

/** The JSON Schema keywords the message schemas use. TypeBox schemas are assignable to it. */
export interface JsonSchemaNode {
  readonly type?: string
  readonly description?: string
  readonly const?: unknown
  readonly anyOf?: readonly JsonSchemaNode[]
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>
  readonly required?: readonly string[]
  readonly items?: JsonSchemaNode
  readonly patternProperties?: Readonly<Record<string, JsonSchemaNode>>
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly maxProperties?: number
}

export interface FieldRow {
  readonly field: string
  readonly type: string
  readonly required: 'yes' | 'no' | 'each'
  readonly constraints: string
  readonly description: string
}

function isObjectNode(node: JsonSchemaNode): boolean {
  return node.properties !== undefined || (node.anyOf?.every(isObjectNode) ?? false)
}

function isPlainObject(node: JsonSchemaNode): boolean {
  return node.properties !== undefined
}

export function typeName(node: JsonSchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const)
  if (node.anyOf !== undefined) {
    if (node.anyOf.every(isPlainObject)) return 'object'
    const separator = node.anyOf.every((variant) => variant.const !== undefined) ? ' | ' : ' or '
    return node.anyOf.map(typeName).join(separator)
  }
  if (node.type === 'array' && node.items !== undefined) {
    const item = typeName(node.items)
    return `array of ${node.items.anyOf !== undefined && !isObjectNode(node.items) ? `(${item})` : item}`
  }
  if (node.patternProperties !== undefined) {
    const [value] = Object.values(node.patternProperties)
    return `map of ${value === undefined ? 'unknown' : typeName(value)}`
  }
  const format = node.pattern === undefined ? undefined : FORMAT_BY_PATTERN.get(node.pattern)
  return format === undefined ? (node.type ?? 'unknown') : `${node.type ?? 'string'} (${format})`
}

function range(low: number | undefined, high: number | undefined, unit: string): string | null {
  const suffix = unit === '' ? '' : ` ${unit}`
  if (low !== undefined && high !== undefined) {
    return low === high ? `exactly ${low}${suffix}` : `${low}–${high}${suffix}`
  }
  if (high !== undefined) return `≤ ${high}${suffix}`
  if (low !== undefined) return `≥ ${low}${suffix}`
  return null
}

export function constraintsOf(node: JsonSchemaNode): string {
  const parts: (string | null)[] = []
  parts.push(range(node.minLength, node.maxLength, 'chars'))
  if (node.pattern !== undefined && !FORMAT_BY_PATTERN.has(node.pattern)) parts.push(`pattern \`${node.pattern}\``)
  const maximum = node.maximum === Number.MAX_SAFE_INTEGER ? undefined : node.maximum
  parts.push(range(node.minimum, maximum, ''))
  if (node.type === 'integer' && node.maximum === Number.MAX_SAFE_INTEGER) parts.push('safe integer')
  parts.push(range(node.minItems, node.maxItems, 'items'))
  if (node.patternProperties !== undefined) {
    const [keyPattern] = Object.keys(node.patternProperties)
    parts.push(range(undefined, node.maxProperties, 'entries'))
    const keyFormat = keyPattern === undefined ? undefined : FORMAT_BY_PATTERN.get(keyPattern)
    if (keyFormat !== undefined) parts.push(`keys are ${keyFormat}s`)
    else if (keyPattern !== undefined) parts.push(`keys match \`${keyPattern}\``)
  }
  if (node.type === 'array' && node.items !== undefined && !isObjectNode(node.items)) {
    const items = constraintsOf(node.items)
    if (items !== '') parts.push(`each item ${items}`)
  }
  if (node.anyOf?.every(isPlainObject) === true) parts.push(`one of ${node.anyOf.length} shapes`)
  else if (node.anyOf !== undefined) parts.push(...flatVariants(node).map(variantConstraints))
  return parts.filter((part) => part !== null && part !== '').join(', ')
}

function flatVariants(node: JsonSchemaNode): JsonSchemaNode[] {
  return node.anyOf === undefined ? [node] : node.anyOf.flatMap(flatVariants)
}

function variantConstraints(variant: JsonSchemaNode): string | null {
  const constraints = constraintsOf(variant)
  return constraints === '' ? null : `${typeName(variant)}: ${constraints}`
}

/** A member with a different `const` in every variant: it tells the shapes apart. */
function discriminator(variants: readonly JsonSchemaNode[]): string | null {
  const [first] = variants
  const names = Object.keys(first?.properties ?? {})
  const tellsApart = (name: string) => {
    const values = variants.map((variant) => variant.properties?.[name]?.const)
    return !values.includes(undefined) && new Set(values.map((value) => JSON.stringify(value))).size === variants.length
  }
  return names.find(tellsApart) ?? null
}

function sameEverywhere(variants: readonly JsonSchemaNode[], name: string): boolean {
  const shapes = variants.map((variant) =>
    JSON.stringify([variant.properties?.[name], variant.required?.includes(name) ?? false]),
  )
  return shapes.every((shape) => shape === shapes[0])
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`
}

function pushRow(rows: FieldRow[], path: string, node: JsonSchemaNode, required: FieldRow['required']): void {
  rows.push({
    field: path,
    type: typeName(node),
    required,
    constraints: constraintsOf(node),
    description: node.description ?? '',
  })
}

/** `when` labels members that exist only in one shape of a union; the discriminator needs none. */
function memberRows(
  rows: FieldRow[],
  path: string,
  node: JsonSchemaNode,
  names: readonly string[],
  when: { label: string; key: string | null } | null,
): void {
  for (const name of names) {
    const member = node.properties?.[name]
    if (member === undefined) continue
    const field = join(path, name)
    const label = when === null || when.key === name ? field : `${field} (${when.label})`
    pushRow(rows, label, member, node.required?.includes(name) === true ? 'yes' : 'no')
    childRows(rows, field, member)
  }
}

function variantRows(rows: FieldRow[], path: string, variants: readonly JsonSchemaNode[]): void {
  const key = discriminator(variants)
  const names = [...new Set(variants.flatMap((variant) => Object.keys(variant.properties ?? {})))]
  const shared = names.filter((name) => variants.every((variant) => variant.properties?.[name] !== undefined))
  const common = shared.filter((name) => sameEverywhere(variants, name))
  const first = variants[0]
  if (first !== undefined) memberRows(rows, path, first, common, null)
  variants.forEach((variant, index) => {
    const value = key === null ? undefined : variant.properties?.[key]?.const
    const label = key === null ? `shape ${index + 1}` : `when ${key} = ${JSON.stringify(value)}`
    const own = Object.keys(variant.properties ?? {}).filter((name) => !common.includes(name))
    memberRows(rows, path, variant, own, { label, key })
  })
}

function childRows(rows: FieldRow[], path: string, node: JsonSchemaNode): void {
  if (node.properties !== undefined) {
    memberRows(rows, path, node, Object.keys(node.properties), null)
  } else if (node.anyOf?.every(isPlainObject) === true) {
    variantRows(rows, path, node.anyOf)
  } else if (node.type === 'array' && node.items !== undefined && isObjectNode(node.items)) {
    childRows(rows, `${path}[]`, node.items)
  } else if (node.patternProperties !== undefined) {
    const [value] = Object.values(node.patternProperties)
    if (value !== undefined) {
      const entry = `${path}.<key>`
      pushRow(rows, entry, value, 'each')
      childRows(rows, entry, value)
    }
  }
}

/** Every field of a message schema, depth first, in declaration order. */
export function schemaFieldRows(schema: JsonSchemaNode): FieldRow[] {
  const rows: FieldRow[] = []
  childRows(rows, '', schema)
  return rows
}
