import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleOverview } from '../observe/test-support/overview-fixture.js';
import { memoryBar, renderTop } from './top-format.js';

describe('crew top frames', () => {
  it('shows the container, budget, pools, processes with bars, queues and decisions', () => {
    const lines = renderTop(sampleOverview(), { columns: 200, rows: null });
    const text = lines.join('\n');
    assert.match(
      lines[0]!,
      /^crew top {2}03:40:00 UTC {3}container 300 MiB \/ 512 MiB \(59%\) {3}budget 73 MiB of 400 MiB \(18%\) {3}crew 18 MiB$/,
    );
    assert.match(text, /^POOL +RUNNING +PSS +DESIRED +SHORT/m);
    assert.match(text, /^payments +3\/2 +55 MiB +3 +1/m);
    assert.match(text, /^dashboard +0\/1 +0 B +1 +1 BACKOFF$/m);
    assert.match(text, /^payments:payments_00 +RUNNING +1011 +0:01:05 +█{2}░{8} +20 MiB$/m);
    assert.match(text, /^payments:payments_01 \(retiring\) +RUNNING/m);
    assert.match(text, /^dashboard:dashboard_00 +BACKOFF *$/m);
    assert.match(text, /^payments +12 +3 +2 +7\.2 s +5\.0 s$/m);
    assert.match(text, /^router-checks +0 +0 +0 +- *$/m);
    assert.match(
      text,
      /^LAST DECISIONS\n03:39:59 {2}payments 2→3: oldest job waited 7\.2 s > target 5 s$/m,
    );
    assert.match(text, /^RECENT EXITS\n\(none\)$/m);
  });

  it('fits the terminal: lines cut to its width, the process list shortened to its height', () => {
    const lines = renderTop(sampleOverview(), { columns: 40, rows: 20 });
    assert.ok(lines.every((line) => line.length <= 40));
    assert.ok(lines.length <= 20, `${lines.length} lines`);
    assert.ok(lines.some((line) => /^… \d+ more/.test(line)));
  });

  it('draws memory bars, marking an overflow', () => {
    assert.equal(memoryBar(0), '░░░░░░░░░░ ');
    assert.equal(memoryBar(0.5), '█████░░░░░ ');
    assert.equal(memoryBar(1.3), '██████████!');
  });
});
