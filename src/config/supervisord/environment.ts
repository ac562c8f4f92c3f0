// `environment=A="1",B="x,y",C=plain` as supervisord reads it: Python's shlex in non-POSIX mode
// (quotes kept on the token, `#` starts a comment) with /.+-(): added to the word characters,
// then KEY = VALUE triples with one separator token between them.
// https://github.com/Supervisor/supervisor/blob/main/supervisor/datatypes.py (dict_of_key_value_pairs)
import type { ExpansionNames } from './expand.js';
import type { SectionReader } from './section-reader.js';
import { ValueProblem } from './values.js';

const wordChar = /[A-Za-z0-9_/.+\-():]/;
const quote = /["']/;
const space = /[ \t\r\n]/;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  const skipLine = () => {
    const end = text.indexOf('\n', at);
    at = end === -1 ? text.length : end + 1;
  };
  while (at < text.length) {
    const char = text[at] as string;
    if (space.test(char)) {
      at += 1;
    } else if (char === '#') {
      skipLine();
    } else if (quote.test(char)) {
      const end = text.indexOf(char, at + 1);
      if (end === -1) throw new ValueProblem(`a ${char} quote is never closed`);
      tokens.push(text.slice(at, end + 1));
      at = end + 1;
    } else if (wordChar.test(char)) {
      let token = '';
      while (at < text.length) {
        const next = text[at] as string;
        if (next === '#') skipLine();
        else if (wordChar.test(next) || quote.test(next)) {
          token += next;
          at += 1;
        } else break;
      }
      tokens.push(token);
    } else {
      tokens.push(char);
      at += 1;
    }
  }
  return tokens;
}

export interface ParsedEnvironment {
  readonly env: Record<string, string>;
  // Tokens supervisord silently skips, e.g. the `é` of an unquoted `A=café`.
  readonly skipped: readonly string[];
}

// Parses an (already expanded) environment= value; throws ValueProblem where supervisord would.
export function parseEnvironment(text: string): ParsedEnvironment {
  const tokens = tokenize(text);
  const env: Record<string, string> = {};
  const skipped: string[] = [];
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, equals, value] = tokens.slice(i, i + 3);
    if (key === undefined || equals !== '=' || value === undefined) {
      throw new ValueProblem(
        `cannot read KEY=value pairs past "${tokens.slice(i).join(' ')}"; quote values that contain spaces or other punctuation`,
      );
    }
    env[key] = value.replace(/^["']+|["']+$/g, '');
    const separator = tokens[i + 3];
    if (separator !== undefined && separator !== ',') skipped.push(separator);
  }
  return { env, skipped };
}

// Reads a section's environment= (expanded with `names`), recording problems on the reader.
export function readEnvironment(
  reader: SectionReader,
  names: ExpansionNames,
): Record<string, string> {
  const text = reader.text('environment', names);
  if (text === undefined) return {};
  try {
    const { env, skipped } = parseEnvironment(text);
    if (skipped.length > 0) {
      const list = skipped.map((token) => `"${token}"`).join(', ');
      reader.warn(
        'environment',
        `supervisord skips ${list} here; separate pairs with commas and quote values`,
      );
    }
    return env;
  } catch (error) {
    if (!(error instanceof ValueProblem)) throw error;
    reader.error('environment', error.message);
    return {};
  }
}
