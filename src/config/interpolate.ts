// `${VAR}`, `${VAR:-default}` and `${VAR-default}` in crew.yaml's values, from the environment
// crew reads the file in, as docker compose writes them: a store URL whose password comes from
// the environment, a budget per deployment. `:-` takes the default when the variable is unset or
// empty, `-` only when it is unset; `$${` is a literal `${`. A `$` not followed by `{` is left
// alone (a shell's `$HOME` in a command stays for the shell). Keys are never interpolated.
import { isMap, isScalar, isSeq, type Node, parse } from 'yaml';
import type { KeyPath } from './issues.js';
import { keyText, type YamlSource } from './yaml-source.js';

export type Interpolated =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A plain (unquoted) value that is one expression and nothing else.
const WHOLE = /^\$\{[^}]*\}$/;

// A number, boolean or null where YAML would read one, else the text.
function typed(text: string): unknown {
  try {
    const value: unknown = parse(text);
    return value === null || ['number', 'boolean'].includes(typeof value) ? value : text;
  } catch {
    return text;
  }
}

// Replaces every `${…}` in text; the first problem found is the answer.
export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolated {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('${'); at !== -1; at = text.indexOf('${', from)) {
    if (at > 0 && text[at - 1] === '$') {
      out += `${text.slice(from, at - 1)}\${`;
      from = at + 2;
      continue;
    }
    const end = text.indexOf('}', at + 2);
    if (end === -1)
      return {
        ok: false,
        message: `"${text.slice(at)}" has no closing }; write $\${ for a literal \${`,
      };
    const inner = text.slice(at + 2, end);
    const split = /^([^:-]*)(:-|-)([\s\S]*)$/.exec(inner);
    const name = split ? split[1]! : inner;
    if (!NAME.test(name))
      return {
        ok: false,
        message: `"\${${inner}}" is not \${NAME}, \${NAME:-default} or \${NAME-default}`,
      };
    const value = env[name];
    let replacement: string;
    if (split && (value === undefined || (split[2] === ':-' && value === ''))) {
      replacement = split[3]!;
    } else if (value === undefined) {
      return {
        ok: false,
        message: `\${${name}}: ${name} is not set in crew's environment (write \${${name}:-value} for a default)`,
      };
    } else replacement = value;
    out += text.slice(from, at) + replacement;
    from = end + 1;
  }
  return { ok: true, value: out + text.slice(from) };
}

export interface InterpolationIssue {
  readonly path: KeyPath;
  readonly offset: number;
  readonly message: string;
}

// Interpolates every string value of the document in place; returns the problems, each at its
// value. Anchored values are walked where they are defined, so their aliases get the result.
export function interpolateDocument(
  source: YamlSource,
  env: NodeJS.ProcessEnv,
): InterpolationIssue[] {
  const issues: InterpolationIssue[] = [];
  const walk = (node: unknown, path: KeyPath) => {
    if (isMap(node)) {
      for (const pair of node.items) walk(pair.value, [...path, keyText(pair)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, i]);
      });
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const result = interpolate(node.value, env);
      if (!result.ok)
        issues.push({ path, offset: (node as Node).range?.[0] ?? 0, message: result.message });
      else if (WHOLE.test(node.value) && !node.type?.startsWith('QUOTE')) {
        // `processes: ${WORKERS:-2}` reads as YAML would read what it stands for: the number 2.
        node.value = typed(result.value);
      } else node.value = result.value;
    }
  };
  walk(source.doc.contents, []);
  return issues;
}
