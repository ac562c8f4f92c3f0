// Looking up a plan's advice by key in the tests.
import type { FpmPlan } from '../plan-types.js';

export const keysOf = (plan: FpmPlan) => plan.settings.map((s) => s.key);

export const adviceOf = (plan: FpmPlan, key: string) => plan.settings.find((s) => s.key === key);
