// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time, optionally only
// over a window of the process.hrtime clock (the clock V8 stamps samples with, in µs).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function frameName({ functionName, url, lineNumber }) {
  if (!url) return functionName || '(anonymous)';
  const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return `${file}:${lineNumber + 1} ${functionName || '(anonymous)'}`;
}

// The `top` entries {name, percent, ms} of self time between fromNs and toNs (hrtime, ns).
export function topSelfTime(path, { fromNs = null, toNs = null, top = 15 } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const names = new Map(profile.nodes.map((node) => [node.id, frameName(node.callFrame)]));
  const from = fromNs === null ? -Infinity : Number(BigInt(fromNs) / 1000n);
  const to = toNs === null ? Infinity : Number(BigInt(toNs) / 1000n);
  const byName = new Map();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at < from || at > to) return;
    const name = names.get(id);
    byName.set(name, (byName.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    total += profile.timeDeltas[i + 1] ?? 0;
  });
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, percent: (100 * us) / total, ms: us / 1000 }));
}
