// A plan written into Debian's www.conf and small crafted pools: planned, applied, read again.
// The pool then holds the recommended values, php-fpm would start with it, and the text is
// exactly the old one with those values changed (comments, endings and order kept).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { readFpmConfig } from '../config/read-config.js';
import { applyFpmPlan } from './apply-pm.js';
import { planApplyReread, planFor, shapes } from './test-support/plan-apply.js';

const dir = configDir('crew-fpm-apply-');

// Debian's pool.d/www.conf, shortened: the pm lines and their comments as Debian ships them.
const WWW_CONF = `; Start a new pool named 'www'.
[www]

; Unix user/group of processes
user = www-data
group = www-data

listen = /run/php/php8.2-fpm.sock
listen.owner = www-data
listen.group = www-data

; Choose how the process manager will control the number of child processes.
pm = dynamic

; The number of child processes to be created when pm is set to 'static' and the
; maximum number of child processes when pm is set to 'dynamic' or 'ondemand'.
pm.max_children = 5

; The number of child processes created on startup.
pm.start_servers = 2

; The desired minimum number of idle server processes.
pm.min_spare_servers = 1

; The desired maximum number of idle server processes.
pm.max_spare_servers = 3

; The number of seconds after which an idle process will be killed.
;pm.process_idle_timeout = 10s;

; The number of requests each child process should execute before respawning.
;pm.max_requests = 500

ping.path = /ping
`;

describe("Debian's www.conf", () => {
  test('bursty: the spares rewritten in place, max_requests added after the pm lines', () => {
    const applied = planApplyReread(dir, 'bursty.conf', WWW_CONF, 'www', shapes.bursty);
    const want = WWW_CONF.replace('pm.max_children = 5', 'pm.max_children = 10')
      .replace('pm.start_servers = 2', 'pm.start_servers = 3')
      .replace('pm.min_spare_servers = 1', 'pm.min_spare_servers = 3')
      .replace('pm.max_spare_servers = 3\n', 'pm.max_spare_servers = 6\npm.max_requests = 100\n');
    assert.equal(applied.text, want);
  });

  test('idle: ondemand, the spares left as written, the default idle timeout not added', () => {
    const applied = planApplyReread(dir, 'idle.conf', WWW_CONF, 'www', shapes.idle);
    const want = WWW_CONF.replace('pm = dynamic', 'pm = ondemand')
      .replace('pm.max_children = 5', 'pm.max_children = 2')
      .replace('pm.max_spare_servers = 3\n', 'pm.max_spare_servers = 3\npm.max_requests = 500\n');
    assert.equal(applied.text, want);
  });

  test('busy, with CRLF line endings: static, capped by the budget, the endings kept', () => {
    const crlf = WWW_CONF.replaceAll('\n', '\r\n');
    const applied = planApplyReread(dir, 'busy.conf', crlf, 'www', shapes.busy);
    const want = crlf
      .replace('pm = dynamic', 'pm = static')
      .replace('pm.max_children = 5', 'pm.max_children = 8')
      .replace(
        'pm.max_spare_servers = 3\r\n',
        'pm.max_spare_servers = 3\r\npm.max_requests = 500\r\n',
      );
    assert.equal(applied.text, want);
  });

  test('static to dynamic: the missing settings added in the plan order after the rewritten line', () => {
    const text = '[app]\nlisten = 9000\npm = static\npm.max_children = 4 ; four\n\n; the end\n';
    const applied = planApplyReread(dir, 'static.conf', text, 'app', shapes.bursty);
    assert.equal(
      applied.text,
      '[app]\nlisten = 9000\npm = dynamic\npm.max_children = 10 ; four\npm.start_servers = 3\npm.min_spare_servers = 3\npm.max_spare_servers = 6\npm.max_requests = 100\n\n; the end\n',
    );
  });

  test('applied twice: the second plan changes nothing; an unknown pool is refused', () => {
    const applied = planApplyReread(dir, 'again.conf', WWW_CONF, 'www', shapes.bursty);
    const replan = planFor(applied.after, 'www', shapes.bursty);
    const texts = new Map([[applied.after.files[0] as string, applied.text]]);
    assert.equal(applyFpmPlan(applied.after, texts, replan).size, 0);
    assert.throws(
      () => applyFpmPlan(applied.after, texts, { ...replan, pool: 'nope' }),
      (error: Error & { code?: string }) => error.code === 'CREW_POOL_NOT_FOUND',
    );
  });

  test('a pool in an included file: only that file changes', () => {
    const pool = dir.write('www-included.conf', WWW_CONF);
    const main = dir.write('php-fpm.conf', `[global]\n; the pools\ninclude = ${pool}\n`);
    const config = readFpmConfig(main, { env: {}, root: false });
    assert.deepEqual(config.errors, []);
    const plan = planFor(config, 'www', shapes.idle);
    const texts = new Map([main, pool].map((file) => [file, readFileSync(file, 'utf8')]));
    const changed = applyFpmPlan(config, texts, plan);
    assert.deepEqual([...changed.keys()], [pool]);
  });
});
