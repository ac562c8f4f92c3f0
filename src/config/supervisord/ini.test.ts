import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findComment, parseIni } from './ini.js';

function values(text: string, section = 'program:x'): Record<string, string> {
  const doc = parseIni(text, 'f.conf');
  assert.deepEqual(doc.errors, []);
  const entries = doc.sections.get(section)?.entries ?? new Map();
  return Object.fromEntries([...entries].map(([key, entry]) => [key, entry.value]));
}

describe('parseIni sections and keys', () => {
  it('reads sections, allowing whitespace after ]', () => {
    const doc = parseIni('[group:auth]  \nprograms=a,b  \n', 'f.conf');
    assert.deepEqual([...doc.sections.keys()], ['group:auth']);
    assert.equal(doc.sections.get('group:auth')?.entries.get('programs')?.value, 'a,b');
    assert.deepEqual(doc.warnings, []);
  });

  it('lower-cases keys, keeps how they were written, and strips space around = and :', () => {
    const doc = parseIni('[program:x]\nCommand =  /bin/cat \nStartSecs: 5\n', 'f.conf');
    const entries = doc.sections.get('program:x')?.entries;
    assert.equal(entries?.get('command')?.value, '/bin/cat');
    assert.equal(entries?.get('command')?.rawKey, 'Command');
    assert.equal(entries?.get('startsecs')?.value, '5');
    assert.equal(entries?.get('startsecs')?.line, 3);
  });

  it('splits at the first = or :, so values may hold either', () => {
    const got = values('[program:x]\nserverurl=unix:///tmp/s.sock\nurl: http://a=b\n');
    assert.deepEqual(got, { serverurl: 'unix:///tmp/s.sock', url: 'http://a=b' });
  });

  it('lets the last duplicate key win and warns at its line', () => {
    const doc = parseIni('[program:x]\nstartsecs = 0\nautostart=true\nstartsecs = 3\n', 'f.conf');
    assert.equal(doc.sections.get('program:x')?.entries.get('startsecs')?.value, '3');
    assert.deepEqual(doc.warnings, [
      { file: 'f.conf', line: 4, message: 'startsecs is set again; this line wins over line 2' },
    ]);
  });

  it('merges a section opened twice and keeps the first header line', () => {
    const doc = parseIni(
      '[program:x]\ncommand=a\n[other]\nk=v\n[program:x]\nnumprocs=2\n',
      'f.conf',
    );
    const section = doc.sections.get('program:x');
    assert.equal(section?.line, 1);
    assert.deepEqual([...(section?.entries.keys() ?? [])], ['command', 'numprocs']);
  });

  it('warns about text after the closing ] (configparser ignores it)', () => {
    const doc = parseIni('[program:x] junk\ncommand=a\n', 'f.conf');
    assert.ok(doc.sections.has('program:x'));
    assert.match(doc.warnings[0]?.message ?? '', /text after \[program:x\] is ignored: junk/);
  });

  it('accepts CRLF line endings, a byte-order mark and a missing final newline', () => {
    assert.deepEqual(values('\uFEFF[program:x]\r\ncommand=a\r\nnumprocs=2'), {
      command: 'a',
      numprocs: '2',
    });
  });
});

describe('parseIni comments', () => {
  it('skips full-line ; and # comments, indented or not', () => {
    const got = values('; top\n[program:x]\n# a\ncommand=a\n    ; indented comment\nnumprocs=2\n');
    assert.deepEqual(got, { command: 'a', numprocs: '2' });
  });

  it('starts an inline comment only at ; or # after whitespace', () => {
    const got = values(
      "[program:x]\ncommand=nginx -g 'daemon off;'\na=x ;c\nb=x#y\nc=x #y\nd=x\t; tab\ne=%%h;x\n",
    );
    assert.deepEqual(got, {
      command: "nginx -g 'daemon off;'",
      a: 'x',
      b: 'x#y',
      c: 'x',
      d: 'x',
      e: '%%h;x',
    });
  });

  it('strips aligned inline comments with non-ASCII text', () => {
    const got = values(
      '[program:x]\nnumprocs=2 ; Số lượng worker\nlogfile=/tmp/a.log   ; main log\n',
    );
    assert.deepEqual(got, { numprocs: '2', logfile: '/tmp/a.log' });
  });

  it('finds comments like configparser, whose search stops at the first round with a hit', () => {
    assert.equal(findComment('a=b'), null);
    assert.equal(findComment('  ; all'), 0);
    assert.equal(findComment('a=x;y ;z'), 6);
    assert.equal(findComment('v=a#b #c ;d'), 9);
  });
});

describe('parseIni continuation lines', () => {
  it('joins more-indented lines to the value with newlines', () => {
    const got = values('[program:x]\ncommand=php artisan\n  queue:work\n\t--tries=3\nnumprocs=1\n');
    assert.equal(got.command, 'php artisan\nqueue:work\n--tries=3');
    assert.equal(got.numprocs, '1');
  });

  it('keeps blank lines inside a value, drops trailing ones, and skips comment lines', () => {
    const got = values('[include]\nfiles =\n  a.conf\n\n  ; not this\n  b.conf\n\n\n', 'include');
    assert.equal(got.files, '\na.conf\n\nb.conf');
  });

  it('does not continue across a section header, nor from a line as indented as the key', () => {
    const got = values('[program:x]\n  command=a\n  numprocs=2\n');
    assert.deepEqual(got, { command: 'a', numprocs: '2' });
  });
});

describe('parseIni errors', () => {
  it('reports a section header without ] at its line', () => {
    const doc = parseIni('[program:x]\ncommand=a\n[include\nfiles=b\n', 'f.conf');
    assert.deepEqual(doc.errors, [
      { file: 'f.conf', line: 3, message: 'section header [include is missing its closing ]' },
    ]);
  });

  it('reports every line that is not key=value, like ParsingError', () => {
    const doc = parseIni(
      '[program:x]\ncommand=a\n{% if x %}\nnumprocs=1\n{% endif %}\n=v\n',
      'f.conf',
    );
    assert.deepEqual(
      doc.errors.map((error) => error.line),
      [3, 5, 6],
    );
    assert.match(doc.errors[0]?.message ?? '', /\{% if x %\} is not a key=value line/);
  });

  it('reports a key before any section and stops there', () => {
    const doc = parseIni('command=a\n[program:x]\n', 'f.conf');
    assert.deepEqual(doc.errors, [
      { file: 'f.conf', line: 1, message: 'command=a comes before any [section] header' },
    ]);
  });
});
