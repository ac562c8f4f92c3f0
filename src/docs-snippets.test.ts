// Every crew.yaml snippet in README.md and docs/*.md goes through the real config loader, so a
// doc cannot show a config that crew refuses (docs/backlog.md once did: five mistakes).
// How a block says it is partial, wrong on purpose or another tool's YAML: test-support/doc-snippets.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { configDir } from './config/test-support/config-dir.js';
import { type CodeBlock, codeBlocks, snippetProblems } from './test-support/doc-snippets.js';

const root = new URL('..', import.meta.url).pathname;
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const blocks = docs.flatMap((file) => codeBlocks(file, readFileSync(join(root, file), 'utf8')));
const dir = configDir('crew-doc-snippets-').dir;
const problemsOf = (list: readonly CodeBlock[]) => list.flatMap((b) => snippetProblems(b, dir));

test('every crew.yaml snippet in the docs loads as its marker says', () => {
  assert.deepEqual(problemsOf(blocks), []);
});

test('the scan sees the docs: their yaml blocks, and a backlog: example in docs/backlog.md', () => {
  const yaml = blocks.filter((b) => b.lang === 'yaml');
  assert.ok(yaml.length >= 10, `only ${yaml.length} yaml blocks found`);
  const backlog = yaml.filter((b) => b.file === 'docs/backlog.md' && /^\s*backlog:/m.test(b.text));
  assert.ok(backlog.length >= 1, 'docs/backlog.md has no ```yaml block with backlog:');
});

const doc = (markdown: string) => codeBlocks('example.md', markdown);

test('a wrong snippet is reported at its line in the doc', () => {
  const problems = problemsOf(
    doc('# x\n\n```yaml\npools:\n  php:\n    comand: php artisan queue:work\n```\n'),
  );
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.match(problems.join('\n'), /^example\.md:6: error: pools\.php\.comand {2}unknown key/m);
});

test('a snippet crew warns about is reported, a path missing on this machine is not', () => {
  const warns = '```yaml\nexpect_memory: 200MiB\nrecycle: { max_memory: 128MiB }\n```\n';
  assert.match(
    problemsOf(doc(warns)).join('\n'),
    /^example\.md:2: warning: pools\.snippet\.expect_memory/m,
  );
  const elsewhere = '```yaml\ncwd: /nowhere/app\n```\n';
  assert.deepEqual(problemsOf(doc(elsewhere)), []);
});

test('a JavaScript-shaped backlog spec typed into crew.yaml is refused', () => {
  const shaped =
    "<!-- snippet: pool -->\n```yaml\nbacklog: { kind: 'laravel-database', url, table = 'jobs' }\n```\n";
  assert.notDeepEqual(problemsOf(doc(shaped)), []);
});

test('the kind of a block comes from its keys: config, fragment, pool, not-crew', () => {
  const fragment = '```yaml\nbudget: 400MiB\nhttp: false\n```\n';
  const pool = '```yaml\nrecycle: { max_memory: 128MiB }\nlogs: stdout\n```\n';
  const keda = '```yaml\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n```\n';
  assert.deepEqual(problemsOf(doc(fragment + pool + keda)), []);
  const mixed = '```yaml\nbudget: 400MiB\nrecycle: { max_memory: 128MiB }\n```\n';
  assert.match(problemsOf(doc(mixed)).join('\n'), /recycle {2}unknown key "recycle"/);
  const broken = '```yaml\napiVersion: v1\nkind: [1, 2\n```\n';
  assert.notDeepEqual(problemsOf(doc(broken)), []);
});

test('markers: invalid must be refused, and an unknown marker is reported', () => {
  const refused = '<!-- snippet: invalid -->\n```yaml\nbudget: 400\n```\n';
  assert.deepEqual(problemsOf(doc(refused)), []);
  const loads = '<!-- snippet: invalid -->\n```yaml\nbudget: 400MiB\n```\n';
  assert.match(problemsOf(doc(loads)).join('\n'), /marked invalid, but crew loads it/);
  const unknown = '<!-- snippet: partial -->\n```yaml\nbudget: 400MiB\n```\n';
  assert.match(problemsOf(doc(unknown)).join('\n'), /unknown snippet marker "partial"/);
});

test('a crew.yaml in a block not fenced as yaml is reported', () => {
  const untagged = '```\npools:\n  a: { command: sleep 1 }\n```\n';
  assert.match(problemsOf(doc(untagged)).join('\n'), /fence it as ```yaml/);
  const output = '```\ncrew.yaml:3:5  pools.a.comand  unknown key\n```\n';
  assert.deepEqual(problemsOf(doc(output)), []);
  const session = '```\n$ crew check\nbudget: none\nconfig OK\n```\n';
  assert.deepEqual(problemsOf(doc(session)), []);
  assert.match(problemsOf(doc(session.replace('$ crew check\n', ''))).join('\n'), /fence it/);
});
