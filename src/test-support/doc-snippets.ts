// The fenced code blocks of the docs, and what a crew.yaml snippet among them must do when it is
// loaded by the real config loader. What a ```yaml block is comes from its top-level keys:
//
//   config    crew.yaml's own keys with `pools:`: loaded as it is
//   fragment  crew.yaml's own keys without `pools:`: loaded with a minimal pool added
//   pool      only a pool's keys (`recycle:`, `logs:`, `backlog:`): loaded inside `pools: {snippet:}`
//   not-crew  a Kubernetes manifest (`apiVersion:` and `kind:`): only parsed as YAML
//
// Anything else is loaded as a crew.yaml, so it fails with its unknown keys. An HTML comment on
// the line above the fence overrides the guess: `<!-- snippet: KIND -->` with one of the kinds
// above, or `<!-- snippet: invalid -->` for an example of a mistake, which the loader must refuse
// (wrapped as a fragment or a pool, by the same guess).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../config/load.js';
import { configSchema, poolSchema } from '../config/schema.js';
import type { ConfigIssue } from '../config/types.js';

export const SNIPPET_KINDS = ['config', 'fragment', 'pool', 'not-crew'] as const;
export type SnippetKind = (typeof SNIPPET_KINDS)[number];

export interface CodeBlock {
  readonly file: string;
  // 1-based line of the opening fence.
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  // What the `<!-- snippet: ... -->` comment above the fence says, if there is one.
  readonly marker: string | null;
}

const FENCE = /^(\s*)```\s*([\w-]*)\s*$/;
// The environment snippets load in: what the docs' examples of ${VAR} name (docs/config.md).
export const DOCS_ENV: NodeJS.ProcessEnv = {
  DB_PASSWORD: 'example',
  CREW_HTTP_TOKEN: 'example-token',
};

const MARKER = /^<!--\s*snippet:\s*([\w-]+)\s*-->$/;

// Every fenced block of a Markdown text, with the marker comment right above it.
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) {
      body.push(lines[end]!.slice(indent));
      end++;
    }
    const above = MARKER.exec(lines[i - 1]?.trim() ?? '');
    blocks.push({
      file,
      line: i + 1,
      lang: open[2]!,
      text: `${body.join('\n')}\n`,
      marker: above ? above[1]! : null,
    });
    i = end;
  }
  return blocks;
}

const CREW_KEYS = new Set(Object.keys(configSchema.shape));
const POOL_KEYS = new Set(Object.keys(poolSchema.shape));

// Whether a block (of any language) holds a line starting a crew.yaml: a top-level key at column 0.
// A terminal session (its first line a `$ ` prompt) is output, whatever its lines look like
// (`crew check` prints `budget: none`).
export function looksLikeCrewYaml(text: string): boolean {
  if (text.trimStart().startsWith('$ ')) return false;
  return text.split('\n').some((line) => CREW_KEYS.has(/^([a-z_]+):/.exec(line)?.[1] ?? ''));
}

// What a ```yaml block without a marker is taken for, from its top-level keys.
export function guessKind(text: string): SnippetKind {
  let keys: string[];
  try {
    const value: unknown = parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'config';
    keys = Object.keys(value);
  } catch {
    return 'config';
  }
  const crewKey = (key: string) => CREW_KEYS.has(key) || key.startsWith('x-');
  if (keys.length > 0 && keys.every(crewKey)) return keys.includes('pools') ? 'config' : 'fragment';
  if (keys.length > 0 && keys.every((key) => POOL_KEYS.has(key))) return 'pool';
  if (keys.includes('apiVersion') && keys.includes('kind')) return 'not-crew';
  return 'config';
}

const MINIMAL_POOL = 'pools:\n  snippet:\n    command: sleep 60\n';

// The crew.yaml a snippet stands for (itself, or itself inside a minimal config), and how many
// lines come before the snippet's first line in it.
export function crewYamlOf(kind: SnippetKind, text: string): { yaml: string; linesBefore: number } {
  if (kind === 'pool') {
    const indented = text
      .split('\n')
      .map((line) => (line === '' ? line : `    ${line}`))
      .join('\n');
    const header = `pools:\n  snippet:\n${/^(command|handlers):/m.test(text) ? '' : '    command: sleep 60\n'}`;
    return { yaml: `${header}${indented}`, linesBefore: header.split('\n').length - 1 };
  }
  if (kind === 'fragment') return { yaml: `${text}${MINIMAL_POOL}`, linesBefore: 0 };
  return { yaml: text, linesBefore: 0 };
}

// What is wrong with one block, as lines naming the doc's file:line; [] when nothing is.
export function snippetProblems(block: CodeBlock, dir: string): string[] {
  const where = `${block.file}:${block.line}`;
  if (block.lang !== 'yaml') {
    return block.marker === null && looksLikeCrewYaml(block.text)
      ? [`${where}: this block holds crew.yaml; fence it as \`\`\`yaml so a test loads it`]
      : [];
  }
  const marker = block.marker;
  const markers: readonly string[] = [...SNIPPET_KINDS, 'invalid'];
  if (marker !== null && !markers.includes(marker))
    return [`${where}: unknown snippet marker "${marker}"; use ${markers.join(', ')}`];
  const guessed = guessKind(block.text);
  // An example of a mistake is loaded as crew's, whatever keys it has.
  const asCrew = guessed === 'not-crew' ? 'config' : guessed;
  const kind = marker === null ? guessed : marker === 'invalid' ? asCrew : (marker as SnippetKind);
  if (kind === 'not-crew') {
    const errors = parseAllDocuments(block.text).flatMap((doc) => doc.errors);
    return errors.map((error) => `${where}: not YAML: ${error.message}`);
  }
  const file = join(dir, `${block.file.replace(/[/.]/g, '-')}-${block.line}.yaml`);
  const { yaml, linesBefore } = crewYamlOf(kind, block.text);
  writeFileSync(file, yaml);
  const result = loadConfig(file, DOCS_ENV);
  if (marker === 'invalid') {
    return result.errors.length > 0
      ? []
      : [`${where}: marked invalid, but crew loads it without a mistake`];
  }
  // Warnings about this machine (a cwd or a handlers module that is not here) are not the
  // snippet's: the docs' paths are the reader's. So is an fpm: pool's php-fpm.conf: what it says
  // (or that it is missing here) is about the reader's file.
  const readers = (issue: ConfigIssue) =>
    issue.path.endsWith('.fpm') &&
    (issue.file !== file || /does not exist; give the path of php-fpm\.conf/.test(issue.message));
  const warnings = result.warnings.filter(
    (issue) => !/ here[;,]/.test(issue.message) && !readers(issue),
  );
  const errors = result.errors.filter((issue) => !readers(issue));
  // Each issue at the doc's own line (the fence is block.line, the snippet starts below it).
  const describe = (severity: string) => (issue: ConfigIssue) => {
    const line = block.line + Math.max(1, issue.line - linesBefore);
    return `${block.file}:${line}: ${severity}: ${issue.path}  ${issue.message}`;
  };
  return [...errors.map(describe('error')), ...warnings.map(describe('warning'))];
}
