// `npm run chaos [-- --short] [name ...]`: runs every scenario in scenarios/ (or those named),
// one after another, printing each one's figures and the goals it missed; exits 1 if any missed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioResult } from './scenario.js';

const dir = fileURLToPath(new URL('./scenarios/', import.meta.url));

async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort();
  const found: Scenario[] = [];
  for (const file of files) {
    const module = (await import(new URL(`./scenarios/${file}`, import.meta.url).href)) as {
      scenario?: Scenario;
    };
    if (module.scenario) found.push(module.scenario);
  }
  return found;
}

function print(scenario: Scenario, result: ScenarioResult, seconds: number): void {
  const verdict = result.skipped
    ? `skipped: ${result.skipped}`
    : result.failures.length === 0
      ? 'ok'
      : 'MISSED';
  console.log(`\n== ${scenario.name}: ${scenario.title} — ${verdict} (${seconds.toFixed(1)} s)`);
  const width = Math.max(0, ...result.figures.map((f) => f.label.length));
  for (const figure of result.figures)
    console.log(`  ${figure.label.padEnd(width)}  ${figure.value}`);
  for (const failure of result.failures) console.log(`  missed: ${failure}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const names = args.filter((arg) => !arg.startsWith('--'));
  const all = await loadScenarios();
  const unknown = names.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  const chosen = names.length > 0 ? all.filter((s) => names.includes(s.name)) : all;
  let missed = 0;
  for (const scenario of chosen) {
    const started = performance.now();
    const result = await scenario.run({ short, log: (line) => console.log(`  · ${line}`) });
    print(scenario, result, (performance.now() - started) / 1000);
    if (!result.skipped && result.failures.length > 0) missed++;
    if (result.skipped && process.env.CI === 'true') missed++;
  }
  console.log(`\nchaos: ${chosen.length - missed} of ${chosen.length} scenarios held`);
  return missed > 0 ? 1 : 0;
}

process.exitCode = await main();
