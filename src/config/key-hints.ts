// "Did you mean" hints for unknown keys: typos, camelCase, and supervisord's names for the
// same settings (people often copy a [program:x] section over).

const supervisordNames: Readonly<Record<string, string>> = {
  numprocs: 'processes',
  directory: 'cwd',
  environment: 'env',
  stopwaitsecs: 'stop_timeout',
  stopasgroup: 'kill_tree',
  killasgroup: 'kill_tree',
  redirect_stderr: 'logs',
  stdout_logfile: 'logs',
  stderr_logfile: 'logs',
  stdout_logfile_maxbytes: 'logs',
  stdout_logfile_backups: 'logs',
  program: 'pools',
  programs: 'pools',
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// The allowed key the author most likely meant, or null when nothing is close.
export function suggestKey(key: string, allowed: readonly string[]): string | null {
  const lower = key.toLowerCase();
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replaceAll('-', '_');
  for (const candidate of [lower, snake, supervisordNames[lower]]) {
    if (candidate !== undefined && candidate !== key && allowed.includes(candidate))
      return candidate;
  }
  // No key crew knows is this long, and the distance would cost length × candidates.
  if (key.length > 64) return null;
  const limit = Math.max(1, Math.floor(key.length / 4));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// The message for an unknown key: what was found, the likely intent, what is allowed.
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = suggestKey(key, allowed);
  const hint = suggestion === null ? '' : ` (did you mean "${suggestion}"?)`;
  // Quoted as JSON, so control characters are escaped; cut short like any value shown.
  const shown = JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
  return allowed.length === 0
    ? `unknown key ${shown}`
    : `unknown key ${shown}${hint}; allowed: ${allowed.join(', ')}`;
}
