import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type CrewError, isCrewError } from '../../errors/crew-error.js';
import { importSupervisord } from './import.js';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-errors-');
after(() => fixture.cleanup());

// Imports the text and returns the CrewError's detail lines, with the file name shortened to f.
function errorsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  const file = fixture.writeCase(text, {}, 'f.conf');
  try {
    importSupervisord(file, env);
  } catch (error) {
    assert.ok(isCrewError(error), String(error));
    assert.equal((error as CrewError).code, 'CREW_IMPORT_INVALID');
    return (error as CrewError).details.map((line) => line.replace(`${file}:`, 'f:'));
  }
  assert.fail('the import should have failed');
}

describe('importSupervisord errors carry file:line', () => {
  it('an unclosed section header', () => {
    assert.deepEqual(errorsOf('[program:a]\ncommand=a\n\n[program:b\ncommand=b\n'), [
      'f:4: section header [program:b is missing its closing ]',
    ]);
  });

  it('a line that is not key=value', () => {
    assert.deepEqual(errorsOf('[program:a]\ncommand=a\nnode'), [
      'f:3: node is not a key=value line (nor an indented continuation of one)',
    ]);
  });

  it('a command crew cannot split into arguments, which crew.yaml could not hold', () => {
    assert.deepEqual(errorsOf("[program:a]\ncommand=sh -c 'unclosed\n"), [
      "f:2: [program:a] command: crew cannot split this command into arguments (unclosed ' quote (opened at character 7)); neither could supervisord when starting it",
    ]);
  });

  it('a numprocs that is not a number', () => {
    assert.deepEqual(errorsOf('[program:a]\ncommand=a\nnumprocs=two\n'), [
      'f:3: [program:a] numprocs: "two" is not a whole number',
    ]);
  });

  it('a missing environment variable, in numprocs or in the command', () => {
    assert.deepEqual(errorsOf('[program:a]\nnumprocs=%(ENV_WORKERS)s\ncommand=%(ENV_CMD)s\n'), [
      'f:2: [program:a] numprocs: %(ENV_WORKERS)s needs WORKERS in the environment',
      'f:3: [program:a] command: %(ENV_CMD)s needs CMD in the environment',
    ]);
  });

  it('numprocs > 1 without %(process_num) in process_name', () => {
    assert.deepEqual(
      errorsOf('[program:a]\ncommand=a\nprocess_name=%(program_name)s\nnumprocs=2\n'),
      [
        'f:3: [program:a] process_name: numprocs=2 needs %(process_num) in process_name, e.g. %(program_name)s_%(process_num)02d',
      ],
    );
    assert.match(
      errorsOf('[program:a]\ncommand=a\nnumprocs=2\n')[0] ?? '',
      /^f:3: \[program:a\] numprocs: numprocs=2 needs/,
    );
  });

  it('a program without command=, at its section line', () => {
    assert.deepEqual(errorsOf('[supervisord]\n\n[program:a]\nnumprocs=1\n'), [
      'f:3: [program:a]: has no command=, which supervisord requires',
    ]);
  });

  it('a group naming a program that does not exist', () => {
    assert.deepEqual(errorsOf('[group:g]\nprograms=a, b\n[program:a]\ncommand=a\n'), [
      'f:2: [group:g] programs: names "b", but there is no [program:b]',
    ]);
  });

  it('values of the wrong type, a bad environment and stopasgroup without killasgroup', () => {
    const text =
      '[program:a]\ncommand=a\nautostart=sometimes\nenvironment=A="1\nstopasgroup=true\nkillasgroup=false\nexitcodes=0,300\n';
    assert.deepEqual(errorsOf(text), [
      'f:3: [program:a] autostart: "sometimes" is not true or false',
      'f:4: [program:a] environment: a " quote is never closed',
      'f:6: [program:a] killasgroup: stopasgroup=true needs killasgroup=true',
      'f:7: [program:a] exitcodes: "0,300" is not a comma list of exit codes from 0 to 255',
    ]);
  });

  it('names supervisord refuses, and a bare % in a value', () => {
    assert.deepEqual(errorsOf('[program:a b]\ncommand=a\n[program:c]\ncommand=date +%s\n'), [
      'f:1: [program:a b]: "a b" cannot be a name: it contains " "',
      'f:4: [program:c] command: "%s" is not an expansion supervisord can make; use %(name)s or %(name)d, or %% for a literal percent sign',
    ]);
  });

  it('every parse mistake at once (values are checked only once the file parses)', () => {
    const file = fixture.writeCase('[program:a]\ncommand=a\nnumprocs=x\n{% if %}\n[program:b\n');
    assert.throws(
      () => importSupervisord(file, {}),
      (error) =>
        isCrewError(error) &&
        error.message ===
          `${file} has 2 mistakes; fix the lines below and run crew import again.` &&
        error.details.length === 2,
    );
  });
});
