import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readSmallFile, readSmallFileAsync } from './read-small-file.js';

describe('readSmallFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-small-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads /proc files whose reported size is 0', async () => {
    assert.match(readSmallFile('/proc/self/status') ?? '', /^Name:/);
    assert.match((await readSmallFileAsync('/proc/self/status')) ?? '', /^Name:/);
  });

  it('reads files larger than its first buffer whole', () => {
    const text = 'é'.repeat(5000);
    writeFileSync(join(dir, 'big'), text);
    assert.equal(readSmallFile(join(dir, 'big')), text);
  });

  it('returns null for a missing file or a path through a file', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    for (const path of [join(dir, 'missing'), join(dir, 'file/stat')]) {
      assert.equal(readSmallFile(path), null);
      assert.equal(await readSmallFileAsync(path), null);
    }
  });

  it('still throws on errors that are not about the file being gone', () => {
    assert.throws(() => readSmallFile(dir), { code: 'EISDIR' });
  });
});
