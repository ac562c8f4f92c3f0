// A chaos scenario: real processes, real stores, bounded in time. It reports figures (what was
// measured, printed as a table) and failures (each goal it missed, in words). `short` is the
// version `npm test` runs; the full one is `npm run chaos`.
export interface ScenarioOptions {
  readonly short: boolean;
  // A progress line (printed as it happens by `npm run chaos`, kept quiet in tests).
  readonly log: (line: string) => void;
}

export interface Figure {
  readonly label: string;
  readonly value: string;
}

export interface ScenarioResult {
  readonly figures: readonly Figure[];
  readonly failures: readonly string[];
  // Why the scenario did not run (a server absent outside CI); null when it ran.
  readonly skipped?: string | null;
}

export interface Scenario {
  // Short name, used to pick it: `npm run chaos -- kills`.
  readonly name: string;
  readonly title: string;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

// Collects figures and failures while a scenario runs.
export function createReport() {
  const figures: Figure[] = [];
  const failures: string[] = [];
  return {
    figure(label: string, value: string | number) {
      figures.push({ label, value: String(value) });
    },
    // Records a failure unless `ok`.
    expect(ok: boolean, failure: string) {
      if (!ok) failures.push(failure);
    },
    result(): ScenarioResult {
      return { figures, failures, skipped: null };
    },
  };
}
