import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBudgetUsed } from '../control/wire/budget-used.js';
import type { EventJson } from '../control/wire/event.js';
import type { ProcessStatusJson } from '../control/wire/process.js';
import { processJson, sampleOverview, T0 } from '../observe/test-support/overview-fixture.js';
import { memoryBar, renderTop } from './top-format.js';

const iso = (ms: number) => new Date(T0 + ms).toISOString();

// The autoscaler's decision and the supervisor's scale that carries it out, then a `crew scale`.
const decisionEvents: EventJson[] = [
  {
    id: 7,
    at: iso(-3000),
    type: 'scale:decision',
    pool: 'payments',
    from: 2,
    to: 3,
    reason: 'payments 2→3: oldest job waited 7.2 s > target 5 s',
    decided_at: iso(-3000),
  },
  { id: 8, at: iso(-2990), type: 'pool:scale', pool: 'payments', from: 2, to: 3, reason: 'x' },
  {
    id: 9,
    at: iso(-1000),
    type: 'pool:scale',
    pool: 'payments',
    from: 3,
    to: 5,
    reason: 'crew scale',
  },
];

// A crew as busy as a real one: 12 processes, 3 exits, 3 decisions.
function busyOverview() {
  const base = sampleOverview();
  const processes: ProcessStatusJson[] = Array.from({ length: 12 }, (_, i) =>
    processJson(`payments_${String(i).padStart(2, '0')}`, 'payments'),
  );
  const exits: EventJson[] = [1, 2, 3].map((id) => ({
    id,
    at: iso(-5000 + id),
    type: 'process:exit',
    pool: 'payments',
    name: `payments_0${id}`,
    description: 'exit 1 (unexpected) after 1.0s',
  }));
  return { ...base, processes, events: [...exits, ...decisionEvents] };
}

describe('crew top frames', () => {
  it('shows the container, budget, pools, processes with bars, queues and decisions', () => {
    const lines = renderTop(sampleOverview(), { columns: 200, rows: null });
    const text = lines.join('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'crew top  03:40:00 UTC   container 300 MiB / 512 MiB (59%)',
      'budget used: 300 MiB of 400 MiB (75%)',
      '  pools 182 MiB + crew 18 MiB + other 100 MiB (scope container)',
    ]);
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
    const lines = renderTop(busyOverview(), { columns: 40, rows: 20 });
    assert.ok(lines.every((line) => line.length <= 40));
    assert.ok(lines.length <= 20, `${lines.length} lines`);
    assert.ok(lines.some((line) => /^… \d+ more/.test(line)));
  });

  it('fits 80×24 with its header, budget and sections, however many processes', () => {
    const lines = renderTop(busyOverview(), { columns: 80, rows: 24 });
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    assert.ok(
      lines.every((line) => line.length <= 80),
      lines.find((l) => l.length > 80),
    );
    assert.match(lines[0]!, /^crew top {2}03:40:00 UTC/);
    assert.match(lines[1]!, /^budget used: 300 MiB of 400 MiB \(75%\)$/);
    const text = lines.join('\n');
    for (const heading of [/^POOL /m, /^PROCESS /m, /^QUEUE /m, /^LAST DECISIONS$/m]) {
      assert.match(text, heading);
    }
    assert.match(text, /^… \d+ more \(crew status lists all\)$/m);
  });

  it('shows each scaling decision once, not again as the scale that carries it out', () => {
    const lines = renderTop(
      { ...sampleOverview(), events: decisionEvents },
      { columns: 200, rows: null },
    );
    const at = lines.indexOf('LAST DECISIONS');
    assert.deepEqual(lines.slice(at + 1, at + 3), [
      '03:39:59  payments 3→5: crew scale',
      '03:39:57  payments 2→3: oldest job waited 7.2 s > target 5 s',
    ]);
    assert.equal(lines[at + 3], '', 'and nothing else');
  });

  it('says OVER budget and which part holds the most', () => {
    const base = sampleOverview();
    const budget = { ...base.budget, budget_bytes: 250 * 1024 * 1024 };
    const lines = renderTop(
      { ...base, budget: describeBudgetUsed(budget) },
      { columns: 80, rows: 24 },
    );
    assert.equal(
      lines[1],
      'budget used: 300 MiB of 250 MiB (120%), OVER budget by 50 MiB, most in pools',
    );
  });

  it('draws memory bars, marking an overflow', () => {
    assert.equal(memoryBar(0), '░░░░░░░░░░ ');
    assert.equal(memoryBar(0.5), '█████░░░░░ ');
    assert.equal(memoryBar(1.3), '██████████!');
  });
});
