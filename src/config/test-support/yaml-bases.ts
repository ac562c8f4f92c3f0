// The crew.yaml files config fuzzing starts from: the repo's own crew.yaml and every ```yaml
// example of docs/config.md, each made a whole file (a pool-level fragment goes into a pool) and
// made safe to run: HTTP off or on port 0, so that `crew up` never takes a fixed port.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../schema.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export interface YamlBase {
  readonly name: string;
  readonly text: string;
}

// crew.yaml's own keys, as the schema has them (anything else is a pool's key).
const TOP_LEVEL = new Set(Object.keys(configSchema.shape));
const MINIMAL_POOL = 'pools:\n  a:\n    command: sleep 60\n';

// A docs example as a whole file that crew can run without taking a fixed port.
function wholeFile(block: string): string {
  const first = /^([A-Za-z_][\w-]*):/m.exec(block)?.[1] ?? '';
  let text = TOP_LEVEL.has(first) ? block : `${MINIMAL_POOL}${block.replace(/^(?=.)/gm, '    ')}`;
  if (!/^pools:/m.test(text)) text += MINIMAL_POOL;
  return safeToRun(text);
}

// HTTP on port 0 where the file sets a port, off where it says nothing.
export function safeToRun(text: string): string {
  const ported = text.replaceAll(':9099', ':0');
  return /^http:/m.test(ported) ? ported : `http: false\n${ported}`;
}

// Whether `crew up` on this text can only bind HTTP to port 0 (or not at all).
export function isSafeToRun(text: string): boolean {
  return (
    /^http: false\s*$/m.test(text) ||
    /^(http: \{ listen: 127\.0\.0\.1:0 \}|\s+listen: 127\.0\.0\.1:0)\b/m.test(text)
  );
}

// The bases, in a fixed order: crew.yaml first, then the docs examples as they appear.
export function yamlBases(): YamlBase[] {
  const bases = [{ name: 'crew.yaml', text: safeToRun(readFileSync(`${repo}crew.yaml`, 'utf8')) }];
  const docs = readFileSync(`${repo}docs/config.md`, 'utf8');
  let n = 0;
  for (const match of docs.matchAll(/^```yaml\n([\s\S]*?)^```/gm)) {
    n += 1;
    bases.push({ name: `docs/config.md example ${n}`, text: wholeFile(match[1] as string) });
  }
  return bases;
}

// Where a block-mapping key line sits: its key path, its indentation and whether its value is
// written on the line (a scalar or a flow collection) rather than in the lines below.
export interface KeyLine {
  readonly index: number;
  readonly indent: number;
  readonly path: readonly string[];
  readonly value: string;
}

const KEY_LINE = /^( *)([A-Za-z_][\w.-]*):(?: +(.*?))?\s*$/;

// The key lines of a YAML text written in block style, with their paths (lines in lists, flow
// collections over several lines and block scalars are skipped, and they end no path).
export function keyLines(lines: readonly string[]): KeyLine[] {
  const found: KeyLine[] = [];
  const open: { indent: number; key: string }[] = [];
  for (const [index, line] of lines.entries()) {
    // A mutant's megabyte line is no key line, and would make these expressions slow.
    if (line.length > 2000) continue;
    const bare = line.replace(/\s+#.*$/, '');
    const match = KEY_LINE.exec(bare);
    if (!match) continue;
    const indent = (match[1] as string).length;
    while (open.length > 0 && (open[open.length - 1] as { indent: number }).indent >= indent)
      open.pop();
    const path = [...open.map((o) => o.key), match[2] as string];
    const value = match[3] ?? '';
    found.push({ index, indent, path, value });
    if (value === '') open.push({ indent, key: match[2] as string });
  }
  return found;
}
