// fetchFpm, readFpmStatus and pingFpm against a real php-fpm 8.2, no web server between: one
// pool on a unix socket (pm = static) and one on 127.0.0.1:port (pm = dynamic), 2 children
// each. Real PHP scripts move `requests` and `last request memory`; long params, a body over
// many STDOUT records, FPM's refusals and a timeout go through the real thing. Needs Debian's
// php-fpm (.ci/run installs it): skipped with the reason without it, failed under CI.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive } from '../../supervise/test-support/fixtures.js';
import { fetchFpm } from './fetch.js';
import { pingFpm, readFpmStatus } from './read-status.js';
import { parseFpmStatusText } from './status-text.js';
import { countFpmStates, type FpmStatus } from './status-types.js';
import { freePort, phpFpmMissing, type RunningFpm, startPhpFpm } from './test-support/php-fpm.js';

const missing = phpFpmMissing();
if (missing !== null && process.env.CI === 'true') {
  throw new Error(`CI must run the php-fpm tests: ${missing}`);
}
if (missing !== null) console.log(`# skipping the php-fpm tests: ${missing}`);
const skip = missing ?? false;

const MiB = 1024 * 1024;
const SCRIPT = `<?php
$keep = str_repeat('m', 8 * 1024 * 1024);
header('X-Crew: yes');
if (isset($_GET['big'])) { echo str_repeat('y', 200000); return; }
if (isset($_GET['fail'])) { error_log('crew was here'); http_response_code(503); }
if (isset($_GET['sleep'])) { usleep(1500000); }
echo 'hello ', strlen($keep), ' ', strlen($_SERVER['QUERY_STRING']);
`;

async function status(fpm: RunningFpm): Promise<FpmStatus> {
  const result = await readFpmStatus({ listen: fpm.listen });
  assert.ok(result.ok, result.ok ? '' : `${result.message}\n${fpm.log()}`);
  return result.status;
}

for (const pm of ['static', 'dynamic'] as const) {
  describe(`php-fpm, pm = ${pm}, on a ${pm === 'static' ? 'unix socket' : 'TCP port'}`, {
    skip,
  }, () => {
    let fpm: RunningFpm;
    let script = '';
    // A request for the script.
    let run = { listen: '', path: '/crew.php', scriptFilename: '' };
    let pids: number[] = [];
    before(async () => {
      const port = pm === 'dynamic' ? await freePort() : 0;
      fpm = await startPhpFpm(pm, (dir) => (port ? `127.0.0.1:${port}` : join(dir, 'fpm.sock')));
      script = join(fpm.dir, 'crew.php');
      writeFileSync(script, SCRIPT);
      run = { listen: fpm.listen, path: '/crew.php', scriptFilename: script };
      writeFileSync(join(fpm.dir, 'notes.txt'), 'not php');
    });
    after(() => fpm?.stop());

    test('ping answers pong; the json&full page lists both children, the reader running', async () => {
      assert.equal((await pingFpm({ listen: fpm.listen })).ok, true);
      // A child slot php-fpm is still forking is listed with pid 0 (seen under a loaded CI run,
      // pm = dynamic): read again until both children have started.
      let page = await status(fpm);
      for (let read = 1; read < 50 && page.processes.some((child) => child.pid === 0); read++)
        page = await status(fpm);
      assert.deepEqual([page.pool, page.processManager, page.processes.length], ['crew', pm, 2]);
      assert.ok(Math.abs(page.startTime - Date.now() / 1000) < 60, `start time ${page.startTime}`);
      const running = page.processes.filter((child) => child.state === 'Running');
      assert.deepEqual(
        running.map((child) => [child.requestMethod, child.requestUri]),
        [['GET', '/status?json&full']],
      );
      pids = page.processes.map((child) => child.pid).sort();
      // The child that answered the ping may still be Finishing (counted active) under load.
      const states = countFpmStates(page.processes);
      assert.equal(states.total, 2);
      assert.ok(states.active >= 1 && states.idle + states.active === 2, JSON.stringify(states));
      const master = fpm.child.pid;
      for (const pid of pids) assert.ok(isAlive(pid) && pid !== master, `child ${pid}`);
    });

    test('the text page (?full) reads the same pool and children', async () => {
      const text = await fetchFpm({ listen: fpm.listen, path: '/status', query: 'full' });
      assert.ok(text.ok && text.headers['content-type']?.startsWith('text/plain'));
      const page = parseFpmStatusText(text.body);
      assert.ok(typeof page !== 'string', String(page));
      assert.deepEqual(
        [page.pool, page.processes.map((child) => child.pid).sort()],
        ['crew', pids],
      );
    });

    test('a PHP script runs; its child then shows the script, its requests and 8 MiB', async () => {
      const before = await status(fpm);
      const served = (page: FpmStatus) => page.processes.reduce((sum, c) => sum + c.requests, 0);
      for (let attempt = 0; attempt < 20; attempt++) {
        const ran = await fetchFpm({ ...run, query: 'a=1' });
        assert.ok(ran.ok, ran.ok ? '' : ran.message);
        assert.deepEqual(
          [ran.statusCode, ran.headers['x-crew'], ran.body],
          [200, 'yes', `hello ${8 * MiB} 3`],
        );
        // The child that ran it shows it (unless it also read the page), `Finishing` until
        // its request has shut down after the reply: read again until it is back to Idle.
        const deadline = Date.now() + 5000;
        let page = await status(fpm);
        let last = page.processes.find((child) => child.script === script);
        while (last?.state === 'Finishing' && Date.now() < deadline) {
          page = await status(fpm);
          last = page.processes.find((child) => child.script === script);
        }
        if (!last) continue;
        assert.ok(served(page) >= served(before) + 2 * (attempt + 1), 'requests went up');
        assert.deepEqual(
          [last.state, last.requestMethod, last.requestUri],
          ['Idle', 'GET', '/crew.php?a=1'],
        );
        assert.ok(
          last.lastRequestMemory >= 8 * MiB,
          `last request memory ${last.lastRequestMemory}`,
        );
        assert.ok(last.requestDuration > 0 && last.lastRequestCpu >= 0);
        return;
      }
      assert.fail('no child showed the script in 20 tries');
    });

    test('params over one record in whole pairs, and a body over many STDOUT records', async () => {
      // QUERY_STRING and REQUEST_URI, 40 kB each: two PARAMS records, 4-byte lengths.
      const query = `a=${'q'.repeat(40_000)}`;
      const long = await fetchFpm({ ...run, query });
      assert.ok(long.ok, long.ok ? '' : long.message);
      assert.equal(long.body, `hello ${8 * MiB} ${query.length}`);
      const big = await fetchFpm({ ...run, query: 'big' });
      assert.ok(big.ok && big.body === 'y'.repeat(200_000));
    });

    test('PHP drops a param too long for one record: a closed failure, FPM answers after', async () => {
      const tooLong = await fetchFpm({ ...run, query: `a=${'q'.repeat(70_000)}` });
      assert.equal(tooLong.ok ? 'ok' : tooLong.kind, 'closed');
      assert.equal((await pingFpm({ listen: fpm.listen })).ok, true);
    });

    test('a script’s own error status and STDERR come back as a response', async () => {
      const failing = await fetchFpm({ ...run, query: 'fail' });
      assert.ok(failing.ok, failing.ok ? '' : failing.message);
      assert.deepEqual([failing.statusCode, failing.appStatus], [503, 0]);
      assert.match(failing.stderr, /crew was here/);
    });

    test('FPM’s refusals and a wrong path are failures that say so', async () => {
      const none = await readFpmStatus({ listen: fpm.listen, path: '/fpm-status' });
      assert.equal(none.ok ? 'ok' : none.kind, 'file-not-found');
      const denied = await fetchFpm({
        listen: fpm.listen,
        path: '/notes.txt',
        scriptFilename: join(fpm.dir, 'notes.txt'),
      });
      assert.equal(denied.ok ? 'ok' : denied.kind, 'access-denied');
      const notStatus = await readFpmStatus({ listen: fpm.listen, path: '/ping' });
      assert.match(
        notStatus.ok ? 'ok' : notStatus.message,
        /text\/plain.*"pong": not the status page/,
      );
      const wrongPong = await pingFpm({ listen: fpm.listen, expect: 'ok' });
      assert.equal(wrongPong.ok ? 'ok' : wrongPong.kind, 'unexpected-reply');
    });

    test('a script slower than timeoutMs is a timeout; FPM still answers after', async () => {
      const slow = await fetchFpm({ ...run, query: 'sleep', timeoutMs: 200 });
      assert.equal(slow.ok ? 'ok' : slow.kind, 'timeout');
      assert.equal((await pingFpm({ listen: fpm.listen })).ok, true);
    });

    test('stopping FPM leaves no process; then its address is refused', async () => {
      const master = fpm.child.pid!;
      await fpm.stop();
      for (const pid of [master, ...pids]) assert.equal(isAlive(pid), false, `pid ${pid}`);
      const gone = await readFpmStatus({ listen: fpm.listen, timeoutMs: 1000 });
      assert.equal(gone.ok ? 'ok' : gone.kind, 'refused');
    });
  });
}
