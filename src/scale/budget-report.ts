// The budget's state after a tick, in a word and a sentence: none, ok, over (draining), or
// unholdable (the mins alone do not fit, or nothing is left to drain or recycle).
import { formatBytes } from '../config/units.js';
import type { FitResult } from './budget-fit.js';
import { usageWords } from './reasons.js';

export interface BudgetReport {
  readonly status: 'none' | 'ok' | 'over' | 'unholdable';
  readonly usedBytes: number | null;
  readonly budgetBytes: number | null;
  // What the pools may use: the budget less crew and the other allowance; null without a budget.
  readonly poolBudgetBytes: number | null;
  readonly why: string;
}

// Describes the budget after the fit and any drains.
export function budgetReport(
  used: number,
  budgetBytes: number | null,
  over: boolean,
  fit: FitResult,
  poolBudget: number | null,
  drained: { readonly uncoveredBytes: number; readonly recycles: readonly unknown[] },
): BudgetReport {
  const base = { usedBytes: used, budgetBytes, poolBudgetBytes: poolBudget };
  if (budgetBytes === null || poolBudget === null)
    return { ...base, status: 'none', why: 'no budget' };
  if (fit.minsBytes > poolBudget) {
    const why = `unholdable: the pools' mins need ${formatBytes(fit.minsBytes, 'MiB')} MiB, but ${formatBytes(Math.max(0, poolBudget), 'MiB')} MiB is left after crew and other`;
    return { ...base, status: 'unholdable', why };
  }
  if (over && drained.uncoveredBytes > 0 && drained.recycles.length === 0) {
    const why = `unholdable: ${usageWords(used, budgetBytes)} with every pool at its min and no grown process to recycle`;
    return { ...base, status: 'unholdable', why };
  }
  if (over)
    return { ...base, status: 'over', why: `over budget: ${usageWords(used, budgetBytes)}` };
  return { ...base, status: 'ok', why: usageWords(used, budgetBytes) };
}
