// Parses supervisorctl-shaped status lines ("pool:name   RUNNING   pid 123, uptime 0:00:05"),
// which both `supervisorctl status` and `crew status` print, into {name, state, pid}.
const LINE = /^(\S+)\s+([A-Z]+)\b(?:\s+pid (\d+))?/;

// The processes of a status output, keyed by short name ("payments_00", without "pool:").
export function parseStatusLines(text) {
  const processes = new Map();
  for (const line of text.split('\n')) {
    const match = LINE.exec(line.trim());
    if (!match) continue;
    const name = match[1].slice(match[1].indexOf(':') + 1);
    processes.set(name, { state: match[2], pid: match[3] ? Number(match[3]) : null });
  }
  return processes;
}

// True when every expected name is RUNNING.
export function isAllRunning(processes, names) {
  return names.every((name) => processes.get(name)?.state === 'RUNNING');
}
