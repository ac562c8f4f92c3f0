// Where the shared corpus of real supervisord/php-fpm files and outputs is read from (never
// copied into the repo): ../shared/corpus beside the checkout, or CREW_CORPUS_DIR.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export const corpusDir = resolve(process.env.CREW_CORPUS_DIR ?? join(repo, '../shared/corpus'));

// Why corpus tests cannot run here, or null when they can.
export const corpusMissing = existsSync(join(corpusDir, 'INDEX.md'))
  ? null
  : `no corpus at ${corpusDir}`;

// node:test's `skip` option: skip with the reason, except in CI where the corpus must be present.
export const corpusSkip: string | false =
  process.env.CI === 'true' ? false : (corpusMissing ?? false);
