import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleCluster } from '../observe/test-support/overview-fixture.js';
import { formatCluster } from './cluster-format.js';

test('status --cluster: a line per host, then the hosts the work wants and why', () => {
  const cluster = sampleCluster();
  const gone = {
    ...cluster.hosts[1]!,
    id: 'cccccc',
    hostname: 'web-c',
    state: 'gone' as const,
    gone_at: '2024-06-11T09:12:03.000Z',
    gone_by: 'aaaaaa',
  };
  const lines = formatCluster({ ...cluster, hosts: [gone, ...cluster.hosts] });
  assert.deepEqual(lines, [
    'HOST     NAME        STATE  MEMORY       HEARTBEAT                           POOLS',
    'aaaaaa*  web-aaaaaa  live   250/400 MiB  0.8 s ago                           payments 4/4',
    'bbbbbb   web-bbbbbb  live   250/400 MiB  0.8 s ago                           payments 4/4',
    'cccccc   web-c       gone   250/400 MiB  gone 09:12:03 (declared by aaaaaa)  payments 4/4',
    '',
    'desired hosts: 3 (2 live): payments wants 10 processes in all, at most 4 a host: 3 hosts',
    'wanted across hosts: payments 10 (400 MiB)',
  ]);
});
