// supervisord's value expansion, Python's `value % names`: %(program_name)s, %(process_num)02d,
// %(ENV_X)s, %%. Also translates such templates into crew's `{pool}`/`{num:02}` placeholders.
import { shownText } from './issue.js';

export type ExpansionNames = Readonly<Record<string, string | number>>;

interface Field {
  readonly name: string;
  readonly flags: string;
  readonly width: number;
  readonly precision: number | null;
  readonly conversion: string;
}

type Token = string | Field;

export class ExpandError extends Error {}

// The widest field (`%(process_num)05d`, `%(program_name)-20s`) crew expands: Python would build
// a string of any width, `%(process_num)099999999d` a 100 MB one.
export const MAX_FIELD_WIDTH = 99;

const fieldSpec = /%(?:\(([^)]*)\))?([#0\- +]*)(\d*)(?:\.(\d*))?[hlL]?([\s\S])?/y;

// Splits a value into literal text and %-fields; throws ExpandError on a malformed `%`.
function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let at = value.indexOf('%');
  let from = 0;
  for (; at !== -1; at = value.indexOf('%', from)) {
    text += value.slice(from, at);
    fieldSpec.lastIndex = at;
    const [source, name, flags = '', width, precision, conversion] = fieldSpec.exec(value) ?? ['%'];
    from = at + source.length;
    if (conversion === '%' && name === undefined) {
      text += '%';
      continue;
    }
    if (value[at + 1] === '(' && name === undefined) {
      throw new ExpandError(`"%(" has no closing ")"; write %% for a literal percent sign`);
    }
    if (name === undefined || conversion === undefined || !'sdiu'.includes(conversion)) {
      const shown = name === undefined ? source : `%(${name})${conversion ?? ''}`;
      throw new ExpandError(
        `"${shown}" is not an expansion supervisord can make; use %(name)s or %(name)d, or %% for a literal percent sign`,
      );
    }
    const widest = Math.max(Number(width || 0), Number(precision || 0));
    if (widest > MAX_FIELD_WIDTH) {
      throw new ExpandError(
        `"${shownText(source)}" pads to ${shownText(String(widest), 12)} characters; crew allows at most ${MAX_FIELD_WIDTH} (as {num:0${MAX_FIELD_WIDTH}})`,
      );
    }
    if (text) tokens.push(text);
    text = '';
    const field = { name, flags, width: Number(width || 0), conversion };
    tokens.push({ ...field, precision: precision === undefined ? null : Number(precision || 0) });
  }
  text += value.slice(from);
  if (text) tokens.push(text);
  return tokens;
}

function lookUp(field: Field, names: ExpansionNames): string | number {
  const value = names[field.name];
  if (value !== undefined) return value;
  if (field.name.startsWith('ENV_')) {
    throw new ExpandError(`%(${field.name})s needs ${field.name.slice(4)} in the environment`);
  }
  const known = Object.keys(names).filter((name) => !name.startsWith('ENV_'));
  const list = [...known.sort(), 'ENV_<variable>'].join(', ');
  throw new ExpandError(`%(${field.name})s is not a name supervisord expands here (${list})`);
}

function format(field: Field, names: ExpansionNames): string {
  const value = lookUp(field, names);
  const left = field.flags.includes('-');
  if (field.conversion === 's') {
    const text = field.precision === null ? String(value) : String(value).slice(0, field.precision);
    return left ? text.padEnd(field.width) : text.padStart(field.width);
  }
  if (typeof value !== 'number') {
    throw new ExpandError(
      `%(${field.name})${field.conversion} needs a number, but it is "${value}"`,
    );
  }
  const sign =
    value < 0 ? '-' : field.flags.includes('+') ? '+' : field.flags.includes(' ') ? ' ' : '';
  const digits = Math.trunc(Math.abs(value))
    .toString()
    .padStart(field.precision ?? 0, '0');
  if (left) return (sign + digits).padEnd(field.width);
  if (field.flags.includes('0')) return sign + digits.padStart(field.width - sign.length, '0');
  return (sign + digits).padStart(field.width);
}

// Expands every %-field; throws ExpandError (message without location) when it cannot.
export function expand(value: string, names: ExpansionNames): string {
  return tokenize(value)
    .map((token) => (typeof token === 'string' ? token : format(token, names)))
    .join('');
}

// True when the raw value uses the named field, e.g. usesName(v, 'process_num').
export function usesName(value: string, name: string): boolean {
  return value.includes(`%(${name})`);
}

export interface CrewTemplate {
  readonly template: string;
  // What the translation could not keep, for warnings.
  readonly notes: readonly string[];
}

// Translates a supervisord template into crew's placeholders: program_name → {pool},
// process_num → {num} or {num:0N} (when zero padding is allowed); other names are expanded.
export function toCrewTemplate(
  value: string,
  names: ExpansionNames,
  padding: boolean,
): CrewTemplate {
  const notes: string[] = [];
  const parts = tokenize(value).map((token) => {
    if (typeof token === 'string') {
      if (/[{}]/.test(token))
        notes.push(`"${token}" contains { or }, which crew reads as a placeholder`);
      return token;
    }
    const plain = token.width === 0 && token.precision === null;
    if (token.name === 'program_name' && token.conversion === 's' && plain) return '{pool}';
    if (token.name !== 'process_num') return format(token, names);
    if (plain) return '{num}';
    if (padding && token.flags === '0' && token.precision === null) return `{num:0${token.width}}`;
    notes.push(`%(process_num)${token.flags}${token.width || ''}${token.conversion} became {num}`);
    return '{num}';
  });
  return { template: parts.join(''), notes };
}
