// A plan written into real pools of the shared corpus (read from there, never copied here),
// for a busy, an idle and a bursty load each: the pool then holds the recommended values and
// php-fpm would start with it, and only the lines of the changed settings differ.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { corpusDir, corpusSkip } from '../../config/test-support/corpus.js';
import { serversideupEnv } from '../config/test-support/fpm-corpus.js';
import { assertOnlyPlannedLines, planApplyReread, shapes } from './test-support/plan-apply.js';

const dir = configDir('crew-fpm-apply-corpus-');

describe('real pools of the corpus', { skip: corpusSkip }, () => {
  const files: [string, string, Record<string, string>?][] = [
    ['Pixilib__GaelO__php-fpm.conf', 'www'],
    ['TrafeX__docker-php-nginx__config_fpm-pool.conf', 'www'],
    ['joglomedia__LEMPer__etc_php_8.3_fpm_pool.d_lemper.conf', 'lemper'],
    ['mailcow__mailcow-dockerized__data_conf_phpfpm_php-fpm.d_pools.conf', 'web-worker'],
    ['DataDog__dd-trace-php__appsec_tests_integration_src_docker_fpm-common_www.conf', 'www'],
    [
      'serversideup__docker-php__src_php-fpm.d_usr_local_etc_php-fpm.d_docker-php-serversideup-pool.conf',
      'www',
      serversideupEnv,
    ],
  ];
  for (const [name, poolName, env] of files) {
    for (const [shapeName, shape] of Object.entries(shapes)) {
      test(`${name} [${poolName}], ${shapeName}`, () => {
        const original = readFileSync(join(corpusDir, 'php-fpm', name), 'utf8');
        const applied = planApplyReread(
          dir,
          `${shapeName}-${name}`,
          original,
          poolName,
          shape,
          env,
        );
        assert.notEqual(applied.text, original);
        assertOnlyPlannedLines(original, applied, poolName);
      });
    }
  }
});
