// `crew status --cluster`: one line per host on the shared store (live first, then those gone
// lately), its pools and counts, memory against its budget and its last heartbeat; then what the
// work wants in hosts, with why.
import { formatBytes } from '../config/units.js';
import type { ClusterJson, HostJson } from '../control/wire/cluster.js';
import { formatTable } from './table.js';

const mib = (bytes: number | null) => (bytes === null ? '-' : `${formatBytes(bytes, 'MiB')}`);

function memoryOf(host: HostJson): string {
  if (host.used_bytes === null) return '-';
  return host.budget_bytes === null
    ? `${mib(host.used_bytes)} MiB`
    : `${mib(host.used_bytes)}/${mib(host.budget_bytes)} MiB`;
}

function heartbeatOf(host: HostJson): string {
  if (host.state === 'gone')
    return `gone ${host.gone_at?.slice(11, 19) ?? ''} (declared by ${host.gone_by ?? '?'})`;
  if (host.heartbeat_age_ms === null) return host.me ? 'this host (no shared store)' : '-';
  return `${(host.heartbeat_age_ms / 1000).toFixed(1)} s ago`;
}

const poolsOf = (host: HostJson) =>
  host.pools.map((p) => `${p.name} ${p.processes}${p.max > p.min ? `/${p.max}` : ''}`).join(', ');

export function formatCluster(cluster: ClusterJson): string[] {
  const hosts = [...cluster.hosts].sort(
    (a, b) => Number(a.state === 'gone') - Number(b.state === 'gone'),
  );
  const rows = [
    ['HOST', 'NAME', 'STATE', 'MEMORY', 'HEARTBEAT', 'POOLS'],
    ...hosts.map((h) => [
      `${h.id}${h.me ? '*' : ''}`,
      h.hostname,
      h.state,
      memoryOf(h),
      heartbeatOf(h),
      poolsOf(h),
    ]),
  ];
  const wanted = Object.entries(cluster.wanted)
    .filter(([, n]) => n > 0)
    .map(([pool, n]) => `${pool} ${n}`)
    .join(', ');
  return [
    ...formatTable(rows),
    '',
    `desired hosts: ${cluster.desired_hosts} (${cluster.live_hosts} live): ${cluster.why}`,
    `wanted across hosts: ${wanted || 'nothing'}${cluster.wanted_bytes > 0 ? ` (${mib(cluster.wanted_bytes)} MiB)` : ''}`,
    ...(cluster.shared_store
      ? []
      : [
          'the store is not shared (SQLite, or cluster: false): other containers would not share these queues',
        ]),
  ];
}
