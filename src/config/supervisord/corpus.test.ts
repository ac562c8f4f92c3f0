// Imports every real-world supervisord file of the shared corpus and compares the result with
// what supervisord's own parser made of it (the Parse column of corpus/INDEX.md), then checks
// that crew's loader accepts the YAML. The files stay in the corpus; nothing is copied here.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { loadConfig } from '../load.js';
import { corpusDir, corpusMissing, corpusSkip } from '../test-support/corpus.js';
import { type ImportResult, importSupervisord } from './import.js';

const corpus = corpusDir;
const missing = corpusMissing;

// What the corpus files expect from the environment supervisord ran in.
const env = {
  SUPERVISOR_PHP_COMMAND: '/usr/bin/php -d variables_order=EGPCS /var/www/html/artisan serve',
  SUPERVISOR_PHP_USER: 'sail',
  APP_ENV: 'production',
  REMOTE_SRC: '/var/www/app',
  USER_NAME: 'app',
  SIDEKIQ_THREADS: '5',
  APP_USER: 'app',
  APP_PATH: '/app',
  PGBIN: '/usr/lib/postgresql/13/bin',
  PGDATA: '/var/openproject/pgdata',
  PGCONF_FILE: '/etc/postgresql/13/main/postgresql.conf',
};

// Error rows whose INDEX text names no line: where supervisord's complaint is.
const errorLinesNotInIndex: Record<string, number[]> = {
  'celery__celery__extra_supervisord_supervisord.conf': [24],
};

interface Row {
  readonly file: string;
  readonly parse: string;
  readonly notes: string;
}

function readRows(): Row[] {
  const text = readFileSync(join(corpus, 'INDEX.md'), 'utf8');
  const part = text.slice(
    text.indexOf('## supervisord/'),
    text.indexOf('\n## ', text.indexOf('## supervisord/') + 1),
  );
  return part
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return {
        file: (cells[1] as string).replaceAll('`', ''),
        parse: cells[4] as string,
        notes: cells[5] as string,
      };
    });
}

// Supervisord's process groups as the Parse column shows them: sorted by priority, then name.
function groupsOf(result: ImportResult): string {
  const groups = new Map<string, { priority: number; processes: number }>();
  for (const pool of result.pools) {
    const name = pool.group ?? pool.program;
    const group = groups.get(name) ?? { priority: pool.priority, processes: 0 };
    groups.set(name, { ...group, processes: group.processes + pool.processes });
  }
  for (const skipped of result.skipped) groups.set(skipped.name, skipped);
  const sorted = [...groups].sort(([a, x], [b, y]) => x.priority - y.priority || (a < b ? -1 : 1));
  return (
    sorted.map(([name, { processes }]) => `${name}[${processes}]`).join(' ') || '(no programs)'
  );
}

function expectedErrorLines(row: Row): number[] {
  const mentioned = [...row.notes.matchAll(/(?:\[line|lines?) (\d+(?:(?:, | and )\d+)*)/g)];
  const lines = mentioned.flatMap((match) => (match[1] as string).split(/, | and /).map(Number));
  return lines.length > 0 ? lines : (errorLinesNotInIndex[row.file] ?? []);
}

describe('the supervisord corpus imports as supervisord parses it', {
  skip: corpusSkip,
}, () => {
  if (missing) {
    it('needs the corpus in CI', () => assert.fail(`${missing}; CI must provide shared/corpus`));
    return;
  }
  const rows = readRows();
  const scratch = mkdtempSync(join(tmpdir(), 'crew-corpus-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('has a row for every file in the corpus', () => {
    assert.deepEqual(
      rows.map((row) => row.file).sort(),
      readdirSync(join(corpus, 'supervisord')).sort(),
    );
  });

  for (const row of rows) {
    const file = join(corpus, 'supervisord', row.file);
    const refused = /\*\*(ParsingError|ValueError)\*\*/.test(row.parse);
    it(`${row.file}: ${row.parse}`, () => {
      if (refused) {
        const lines = expectedErrorLines(row);
        assert.ok(
          lines.length > 0,
          `no expected error line for ${row.file}: add it to errorLinesNotInIndex`,
        );
        assert.throws(
          () => importSupervisord(file, env),
          (error) => {
            assert.ok(isCrewError(error) && error.code === 'CREW_IMPORT_INVALID', String(error));
            assert.deepEqual(
              error.details.map((detail) => Number(detail.slice(file.length + 1).split(':')[0])),
              lines,
            );
            return true;
          },
        );
        return;
      }
      const result = importSupervisord(file, env);
      assert.equal(groupsOf(result), row.parse);
      const yamlFile = join(scratch, `${row.file}.crew.yaml`);
      writeFileSync(yamlFile, result.yaml);
      const loaded = loadConfig(yamlFile, {});
      assert.deepEqual(loaded.errors, [], `crew.yaml from ${row.file}:\n${result.yaml}`);
      assert.equal(loaded.config?.pools.length, result.pools.length);
    });
  }
});
