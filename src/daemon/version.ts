// crew's version from its package.json, two folders up from both src/daemon and dist/daemon:
// what `crew --version` prints and each host publishes in crew_hosts.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  // A version commander can print even from a copy without one (it would otherwise read
  // `.version(undefined)` as a question and break the chain).
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
}
