// The status page parsers on real pages from the shared corpus (read in place, never copied)
// and on the quirks of FPM's formats; the live pages are in fpm-live.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpusDir, corpusSkip } from '../../config/test-support/corpus.js';
import { parseFpmTime } from './status-fields.js';
import { parseFpmStatusJson } from './status-json.js';
import { parseFpmStatusText } from './status-text.js';
import { countFpmStates, type FpmStatus } from './status-types.js';

const output = (name: string) => readFileSync(join(corpusDir, 'outputs', name), 'utf8');

function parsed(result: FpmStatus | string): FpmStatus {
  assert.equal(typeof result, 'object', String(result));
  return result as FpmStatus;
}

test('php-src GH-16221: a real json&full page, one idle child', { skip: corpusSkip }, () => {
  const status = parsed(
    parseFpmStatusJson(output('php__php-src__issues_16221.fpm-status-json-full.txt')),
  );
  const { processes, ...pool } = status;
  assert.deepEqual(pool, {
    pool: 'moodletes_89',
    processManager: 'ondemand',
    startTime: 1727966418,
    startSince: 119,
    acceptedConn: 18,
    listenQueue: 0,
    maxListenQueue: 0,
    listenQueueLen: 0,
    idle: 1,
    active: 0,
    total: 1,
    maxActiveProcesses: 5,
    maxChildrenReached: 0,
    slowRequests: 0,
    memoryPeak: null,
  });
  assert.deepEqual(processes, [
    {
      pid: 2118218,
      state: 'Idle',
      startTime: 1727966430,
      startSince: 107,
      requests: 9,
      requestDuration: 129,
      requestMethod: 'GET',
      requestUri: 'opcache.php',
      contentLength: 0,
      user: null,
      script: '/usr/local/src/opcache.php',
      lastRequestCpu: 0,
      lastRequestMemory: 2097152,
    },
  ]);
  assert.deepEqual(countFpmStates(processes), { idle: 1, active: 0, total: 1 });
});

test('Monitorix #167: a text page without "slow requests"', { skip: corpusSkip }, () => {
  const status = parsed(parseFpmStatusText(output('mikaku__Monitorix__issues_167.fpm-status.txt')));
  assert.deepEqual(
    [
      status.pool,
      status.processManager,
      status.startTime,
      status.acceptedConn,
      status.slowRequests,
    ],
    [
      'pool1',
      'dynamic',
      Date.UTC(2019, 2, 17, 10, 14, 2) / 1000, // 11:14:02 +0100
      14466,
      null,
    ],
  );
  assert.deepEqual(
    [status.maxListenQueue, status.listenQueueLen, status.idle, status.active, status.total],
    [1, 128, 6, 1, 7],
  );
  assert.deepEqual([status.maxActiveProcesses, status.processes], [5, []]);
});

test('a text page pasted into a document with "// note" after each value', {
  skip: corpusSkip,
}, () => {
  const status = parsed(
    parseFpmStatusText(output('mzkmzk__WEB_Accumulate__statuspath.md.fpm-status.txt')),
  );
  assert.deepEqual(
    [status.pool, status.processManager, status.startTime, status.startSince, status.slowRequests],
    ['www', 'dynamic', Date.UTC(2016, 7, 9, 5, 31, 40) / 1000, 27750, 1],
  );
  assert.deepEqual([status.acceptedConn, status.maxListenQueue, status.total], [3070, 4, 3]);
});

test('the text format’s dates read with their offset, either sign', () => {
  assert.equal(parseFpmTime('01/Jan/1970:00:00:00 +0000'), 0);
  assert.equal(parseFpmTime('31/Dec/1969:19:00:00 -0500'), 0);
  assert.equal(parseFpmTime('01/Jan/1970:05:30:00 +0530'), 0);
  assert.equal(parseFpmTime('1/Jan/1970:00:00:00 +0000'), null);
  assert.equal(parseFpmTime('01/Foo/1970:00:00:00 +0000'), null);
});

const pool = {
  pool: 'www',
  'process manager': 'static',
  'start time': 1700000000,
  'start since': 5,
  'accepted conn': 3,
  'listen queue': 0,
  'max listen queue': 0,
  'listen queue len': 0,
  'idle processes': 0,
  'active processes': 4,
  'total processes': 4,
  'max active processes': 4,
  'max children reached': 0,
  'slow requests': 0,
  'memory peak': 73400320,
};
const child = (pid: number, state: string) => ({
  pid,
  state,
  'start time': 1700000000,
  'start since': 5,
  requests: 1,
  'request duration': 10,
  'request method': '-',
  'request URI': '-',
  'content length': 0,
  user: '-',
  script: '-',
  'last request cpu': 12.5,
  'last request memory': 0,
});

test('FPM’s counters can exceed its children; countFpmStates counts the states', () => {
  const body = JSON.stringify({ ...pool, processes: [child(1, 'Idle'), child(2, 'Running')] });
  const status = parsed(parseFpmStatusJson(body));
  assert.deepEqual([status.active, status.total, status.memoryPeak], [4, 4, 73400320]);
  assert.deepEqual(countFpmStates(status.processes), { idle: 1, active: 1, total: 2 });
  assert.deepEqual(
    [status.processes[0]!.requestUri, status.processes[0]!.lastRequestCpu],
    [null, 12.5],
  );
});

test('pages it cannot read are messages that name the field or the reason', () => {
  assert.match(String(parseFpmStatusJson('{"pool":"w","request uri":"/a"b"}')), /not JSON/);
  assert.match(String(parseFpmStatusJson('[]')), /not an object/);
  const { 'accepted conn': _, ...noConn } = pool;
  assert.match(String(parseFpmStatusJson(JSON.stringify(noConn))), /no "accepted conn"/);
  const negative = JSON.stringify({ ...pool, 'listen queue': -1 });
  assert.match(String(parseFpmStatusJson(negative)), /"listen queue" .* is -1, not a count/);
  const badChild = JSON.stringify({ ...pool, processes: [{ ...child(1, 'Idle'), pid: '1x' }] });
  assert.match(String(parseFpmStatusJson(badChild)), /"pid" in process 1 .* "1x"/);
  assert.match(String(parseFpmStatusText('<html><body>')), /line 1 .* not "name: value"/);
  assert.match(String(parseFpmStatusText('pong')), /line 1/);
});
