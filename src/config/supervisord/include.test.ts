import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { expandGlob, segmentToRegExp } from './glob.js';
import { readSupervisordFiles } from './include.js';

const root = mkdtempSync(join(tmpdir(), 'crew-include-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const program = (name: string) => `[program:${name}]\ncommand=/bin/${name}\n`;

describe('expandGlob', () => {
  write('g/conf.d/b.conf', '');
  write('g/conf.d/a.conf', '');
  write('g/conf.d/c.ini', '');
  write('g/conf.d/.hidden.conf', '');
  write('g/other/x1.conf', '');

  it('matches *, ? and [...] in the last segment, skipping dot files', () => {
    const names = (pattern: string) =>
      expandGlob(join(root, pattern))
        .map((path) => path.slice(root.length + 1))
        .sort();
    assert.deepEqual(names('g/conf.d/*.conf'), ['g/conf.d/a.conf', 'g/conf.d/b.conf']);
    assert.deepEqual(names('g/conf.d/?.ini'), ['g/conf.d/c.ini']);
    assert.deepEqual(names('g/conf.d/[!a].*'), ['g/conf.d/b.conf', 'g/conf.d/c.ini']);
    assert.deepEqual(names('g/conf.d/.h*'), ['g/conf.d/.hidden.conf']);
  });

  it('matches wildcards in directory segments and literal paths', () => {
    const names = (pattern: string) =>
      expandGlob(join(root, pattern))
        .map((path) => path.slice(root.length + 1))
        .sort();
    assert.deepEqual(names('g/*/x[0-9].conf'), ['g/other/x1.conf']);
    assert.deepEqual(names('g/conf.d/a.conf'), ['g/conf.d/a.conf']);
    assert.deepEqual(names('g/missing/*.conf'), []);
  });

  it('translates character classes like fnmatch', () => {
    assert.equal(segmentToRegExp('[!a]x').source, '^[^a]x$');
    assert.equal(segmentToRegExp('a.b[').source, '^a\\.b\\[$');
  });
});

describe('readSupervisordFiles', () => {
  it('reads included files relative to the including file, in sorted order per pattern', () => {
    write('app/conf.d/20-b.conf', program('b'));
    write('app/conf.d/10-a.conf', program('a'));
    write('app/extra.ini', program('c'));
    const main = write('app/supervisord.conf', '[include]\nfiles = conf.d/*.conf\n  extra.ini\n');
    const { sections, files, warnings } = readSupervisordFiles(main, {});
    assert.deepEqual(
      files.map((file) => file.slice(root.length + 1)),
      ['app/supervisord.conf', 'app/conf.d/10-a.conf', 'app/conf.d/20-b.conf', 'app/extra.ini'],
    );
    assert.deepEqual([...sections.keys()], ['include', 'program:a', 'program:b', 'program:c']);
    assert.deepEqual(warnings, []);
  });

  it('expands %(here)s and %(ENV_X)s in files=', () => {
    write('env/parts/p.conf', program('p'));
    const main = write('env/main.conf', '[include]\nfiles=%(here)s/%(ENV_PARTS)s/*.conf\n');
    assert.ok(readSupervisordFiles(main, { ENV_PARTS: 'parts' }).sections.has('program:p'));
  });

  it('warns, as supervisord does, when a pattern matches nothing', () => {
    const main = write('none/main.conf', '[include]\nfiles = nowhere/*.conf\n');
    const { warnings } = readSupervisordFiles(main, {});
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.line, 2);
    assert.match(warnings[0]?.message ?? '', /include "nowhere\/\*\.conf" matches no file/);
  });

  it('refuses an [include] without files=, at the section line', () => {
    const main = write('empty/main.conf', '[supervisord]\n\n[include]\n;files = x.conf\n');
    assert.throws(
      () => readSupervisordFiles(main, {}),
      (error) =>
        isCrewError(error) &&
        error.code === 'CREW_IMPORT_INVALID' &&
        error.details[0] ===
          `${main}:3: [include] has no files= setting, so supervisord refuses to start; add files = <globs> or remove the section`,
    );
  });

  it('does not follow an [include] inside an included file, and says so', () => {
    write('nest/deeper/d.conf', program('d'));
    write('nest/a/a.conf', `${program('a')}[include]\nfiles=../deeper/*.conf\n`);
    const main = write('nest/main.conf', '[include]\nfiles=a/*.conf\n');
    const { sections, warnings } = readSupervisordFiles(main, {});
    assert.equal(sections.has('program:d'), false);
    assert.equal(warnings[0]?.file, join(root, 'nest/a/a.conf'));
    assert.equal(warnings[0]?.line, 3);
  });

  it('reports parse errors in included files at their own file and line', () => {
    write('bad/conf.d/x.conf', '[program:x]\ncommand=a\nnode\n');
    const main = write('bad/main.conf', '[include]\nfiles=conf.d/*.conf\n');
    assert.throws(
      () => readSupervisordFiles(main, {}),
      (error) =>
        isCrewError(error) &&
        error.details[0]?.startsWith(`${join(root, 'bad/conf.d/x.conf')}:3: node is not`) === true,
    );
  });

  it('says when the main file does not exist', () => {
    assert.throws(
      () => readSupervisordFiles(join(root, 'nope.conf'), {}),
      /nope\.conf does not exist/,
    );
  });
});
