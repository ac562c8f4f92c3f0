// A table of crew.yaml files that must fail to load, each with exactly the errors it should
// report: one test per case, shared by the load-errors*.test.ts files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../load.js';
import { configDir } from './config-dir.js';

// [line, column, key path, a fragment of the message]
export type Expected = [number, number, string, string];

export interface ErrorCase {
  readonly name: string;
  readonly yaml: string;
  readonly errors: Expected[];
}

// Registers one test per case: loading its YAML fails with its errors, in order, at their positions.
export function describeLoadErrors(cases: readonly ErrorCase[]): void {
  const { writeNext: write } = configDir('crew-load-errors-');
  describe('loadConfig reports every mistake with its position', () => {
    for (const { name, yaml, errors } of cases) {
      it(name, () => {
        const file = write(yaml);
        const result = loadConfig(file, {});
        assert.equal(result.config, null);
        const actual = result.errors.map((e) => [e.line, e.column, e.path, e.message]);
        assert.equal(actual.length, errors.length, `got ${JSON.stringify(actual, null, 1)}`);
        errors.forEach(([line, column, path, fragment], i) => {
          const [l, c, p, message] = actual[i]!;
          assert.deepEqual([l, c, p], [line, column, path], `issue ${i}: ${message}`);
          assert.ok(
            String(message).includes(fragment),
            `"${message}" should contain "${fragment}"`,
          );
          assert.equal(result.errors[i]!.file, file);
        });
      });
    }
  });
}
