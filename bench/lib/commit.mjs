// The commit a benchmark measured (dist/ is built from the work tree), `-dirty` when the work
// tree has changes; null outside a git checkout.
import { execFileSync } from 'node:child_process';

export function describeCommit(cwd) {
  const git = (...args) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '-dirty' : ''}`;
  } catch {
    return null;
  }
}
