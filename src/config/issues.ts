// Validation issues before they get a position: zod's issues turned into plain sentences with
// the key path they concern, and whether they point at the key or at its value.
import { z } from 'zod';
import { unknownKeyMessage } from './key-hints.js';

export type KeyPath = readonly (string | number)[];

export interface PathIssue {
  readonly path: KeyPath;
  readonly message: string;
  // 'key' for unknown or misnamed keys; otherwise the value (or, if absent, its nearest key).
  readonly at: 'key' | 'value';
}

// Describes a parsed YAML value for "got ..." in messages.
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  // YAML's !!set and !!omap.
  if (v instanceof Set) return 'a set (!!set)';
  if (v instanceof Map) return 'an ordered mapping (!!omap)';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

const nouns: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

function isWholeNumberSchema(inst: unknown): boolean {
  return inst instanceof z.ZodNumberFormat && String(inst._zod.def.format).includes('int');
}

// zod's messages in crew's words; schema-level messages take precedence over these.
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      if (isWholeNumberSchema(iss.inst))
        return `expected a whole number, got ${describeValue(iss.input)}`;
      return `expected ${nouns[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case 'too_small':
      if (iss.origin === 'array') return 'must not be an empty list';
      if (iss.origin === 'string') return 'must not be empty';
      return `must be ${iss.inclusive ? 'at least' : 'more than'} ${iss.minimum}, got ${describeValue(iss.input)}`;
    case 'too_big':
      return `must be ${iss.inclusive ? 'at most' : 'less than'} ${iss.maximum}, got ${describeValue(iss.input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(iss.input)}`;
    default:
      return undefined;
  }
};

// The keys an object schema accepts at a path (through records, unions, defaults, optionals).
export function allowedKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let level: z.ZodType[] = [schema];
  for (const segment of path) level = level.flatMap((s) => childrenOf(s, segment));
  const keys = level.flatMap((s) => objectsIn(s).flatMap((o) => Object.keys(o.shape)));
  return [...new Set(keys)];
}

function unwrap(s: z.ZodType): z.ZodType {
  let current = s;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

function objectsIn(s: z.ZodType): z.ZodObject[] {
  const inner = unwrap(s);
  if (inner instanceof z.ZodObject) return [inner];
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).flatMap(objectsIn);
  return [];
}

function childrenOf(s: z.ZodType, segment: string | number): z.ZodType[] {
  const inner = unwrap(s);
  if (inner instanceof z.ZodObject) {
    const child = (inner.shape as Record<string, z.ZodType>)[String(segment)];
    return child ? [child] : [];
  }
  if (inner instanceof z.ZodRecord) return [inner.valueType as z.ZodType];
  if (inner instanceof z.ZodArray) return [inner.element as z.ZodType];
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).flatMap((o) => childrenOf(o, segment));
  return [];
}

function isTypeMismatchAtRoot(issue: z.core.$ZodIssue): boolean {
  return (
    issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')
  );
}

// Turns zod's issues into PathIssues: one per unknown key, unions resolved to the branch the
// value was evidently meant for, custom issues placed on the key when they ask for it.
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  prefix: KeyPath = [],
): PathIssue[] {
  return issues.flatMap((issue): PathIssue[] => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(schema, path);
        return issue.keys.map((key) => ({
          path: [...path, key],
          at: 'key',
          message: unknownKeyMessage(key, allowed),
        }));
      }
      case 'invalid_union': {
        const meant = issue.errors.filter((branch) => !branch.some(isTypeMismatchAtRoot));
        if (meant.length === 1) return fromZodIssues(meant[0]!, schema, path);
        return [{ path, at: 'value', message: issue.message }];
      }
      case 'invalid_key':
        return [{ path, at: 'key', message: issue.issues[0]?.message ?? issue.message }];
      case 'custom':
        return [{ path, at: issue.params?.at === 'key' ? 'key' : 'value', message: issue.message }];
      default:
        return [{ path, at: 'value', message: issue.message }];
    }
  });
}

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

// The text with control characters written as \xNN, so that text from a file cannot garble the
// terminal it is printed on.
export function escapeControl(text: string): string {
  let shown = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    shown += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return shown;
}

// A key as printed in a path: as written, or quoted (and cut short) when it holds control
// characters or is very long.
function shownKey(key: string): string {
  if (key.length <= 80 && ![...key].some((c) => isControl(c.charCodeAt(0)))) return key;
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
}

// A key path as people read it: `pools.payments.command[1]`.
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? shownKey(s) : `.${shownKey(s)}`))
    .join('');
}
