import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseProcStat, readProcStat } from './proc-stat.js';

const procRoot = new URL('./fixtures/proc', import.meta.url).pathname;
const fixture = (pid: number) => readFileSync(`${procRoot}/${pid}/stat`, 'utf8');

describe('parseProcStat', () => {
  const cases = [
    {
      pid: 101,
      comm: 'php-fpm8.2',
      state: 'S',
      ppid: 100,
      pgid: 100,
      sid: 1,
      start: 847,
      rss: 8179,
    },
    {
      pid: 104,
      comm: 'my ) worker (1)',
      state: 'Z',
      ppid: 100,
      pgid: 100,
      sid: 1,
      start: 40211,
      rss: 0,
    },
    { pid: 200, comm: '(sd-pam)', state: 'S', ppid: 1, pgid: 200, sid: 200, start: 913, rss: 1090 },
  ];
  for (const c of cases) {
    it(`reads the fields of "${c.comm}" (fixture ${c.pid})`, () => {
      const stat = parseProcStat(fixture(c.pid));
      assert.deepEqual(
        [stat.pid, stat.comm, stat.state, stat.ppid, stat.pgid, stat.sid, stat.startTicks],
        [c.pid, c.comm, c.state, c.ppid, c.pgid, c.sid, c.start],
      );
      assert.equal(stat.rssPages, c.rss);
    });
  }

  it('splits at the last ")" even when comm holds ") (" and digits', () => {
    const tail = 'S 7 8 9 0 -1 0 0 0 0 0 11 12 0 0 20 0 1 0 4242 0 33 0';
    const stat = parseProcStat(`123 (x) 1 2 (y) ${tail}\n`);
    assert.equal(stat.comm, 'x) 1 2 (y');
    assert.deepEqual(
      [stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.startTicks],
      [7, 11, 12, 4242],
    );
  });

  it('keeps a comm with a space, a newline or nothing at all', () => {
    const tail = 'S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 0';
    assert.equal(parseProcStat(`5 (Web Content) ${tail}`).comm, 'Web Content');
    assert.equal(parseProcStat(`5 (a\nb) ${tail}`).comm, 'a\nb');
    assert.equal(parseProcStat(`5 () ${tail}`).comm, '');
  });

  it('throws a coded error on text that is not a stat line', () => {
    for (const text of [
      '',
      'garbage',
      '5 (sh) S 1 2',
      '5 (sh) S x 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0',
    ]) {
      assert.throws(() => parseProcStat(text), { code: 'CREW_INTERNAL' });
    }
  });
});

describe('readProcStat', () => {
  it('reads this very process', () => {
    const stat = readProcStat(process.pid);
    assert.ok(stat);
    assert.equal(stat.pid, process.pid);
    assert.equal(stat.ppid, process.ppid);
    assert.equal(stat.state, 'R');
    assert.ok(stat.startTicks > 0 && stat.rssPages > 0);
  });

  it('returns null for a pid that does not exist', () => {
    // Above the largest pid_max Linux allows (2^22).
    assert.equal(readProcStat(4_194_305), null);
    assert.equal(readProcStat(999, procRoot), null);
  });

  it('reads from another proc root', () => {
    assert.equal(readProcStat(102, procRoot)?.comm, 'php-fpm8.2');
  });
});
