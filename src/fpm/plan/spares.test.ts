// pm = dynamic's spares always in the order php-fpm accepts, whatever max_children is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitSpares } from './spares.js';

test("dynamic's figures keep php-fpm's order for every max_children, 1 included", () => {
  for (let maxChildren = 1; maxChildren <= 12; maxChildren += 1) {
    for (const [start, min, max] of [
      [3, 1, 6],
      [9, 5, 9],
      [1, 1, 2],
      [20, 10, 30],
    ] as const) {
      const got = fitSpares({ start, min, max }, maxChildren);
      const where = `${maxChildren}: ${start}/${min}/${max} → ${JSON.stringify(got)}`;
      assert.ok(got.min > 0 && got.max > 0, where);
      assert.ok(got.min <= got.start && got.start <= got.max, where);
      assert.ok(got.max <= maxChildren, where);
    }
  }
  assert.deepEqual(fitSpares({ start: 3, min: 1, max: 6 }, 1), { start: 1, min: 1, max: 1 });
  assert.deepEqual(fitSpares({ start: 3, min: 1, max: 6 }, 4), { start: 3, min: 1, max: 4 });
});
