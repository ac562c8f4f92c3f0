// Reading crew.yaml: YAML with positions → schema → rules between fields → frozen CrewConfig.
// Every mistake is collected and reported at once, each with its file:line:column.
import { dirname, resolve } from 'node:path';
import { CrewError } from '../errors/crew-error.js';
import { duplicateKeyIssues } from './duplicate-keys.js';
import { type FpmLinkRead, readFpmLink } from './fpm-link.js';
import { budgetWarnings, hostWarnings } from './host-checks.js';
import { type InterpolationIssue, interpolateDocument } from './interpolate.js';
import { errorMap, formatKeyPath, fromZodIssues, type PathIssue } from './issues.js';
import { normaliseConfig } from './normalise.js';
import { readYamlData } from './read-yaml.js';
import { checkRules } from './rules.js';
import { configSchema, type ParsedConfig } from './schema.js';
import type { ConfigIssue, CrewConfig, LoadResult } from './types.js';
import { keepScalarText, keysAt, offsetOf, positionAt, type YamlSource } from './yaml-source.js';

// Top-level keys starting with `x-` are free for YAML anchors, as in docker compose files:
// `x-worker: &worker {...}` then `<<: *worker` in each pool.
function withoutExtensionKeys(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('x-')));
}

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.column - b.column;
}

function placeAll(file: string, source: YamlSource, issues: readonly PathIssue[]): ConfigIssue[] {
  const placed = issues.map((issue) => ({
    file,
    ...positionAt(source, offsetOf(source, issue.path, issue.at)),
    path: formatKeyPath(issue.path),
    message: issue.message,
  }));
  return placed.sort(byPosition);
}

// The FPM configs of the fpm: pools, their mistakes placed at FPM's own file:line.
function readFpmLinks(parsed: ParsedConfig, file: string, env: NodeJS.ProcessEnv) {
  const links = new Map<string, FpmLinkRead>();
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const yamlErrors: PathIssue[] = [];
  for (const [name, pool] of Object.entries(parsed.pools)) {
    if (pool.fpm === undefined) continue;
    const at = ['pools', name];
    const read = readFpmLink(pool.fpm, dirname(file), env, at, pool.stop_timeout);
    links.set(name, read);
    const path = formatKeyPath([...at, 'fpm']);
    errors.push(...read.errors.map((issue) => ({ ...issue, path })));
    warnings.push(...read.warnings.map((issue) => ({ ...issue, path })));
    yamlErrors.push(...read.yamlErrors);
  }
  return { links, errors, warnings, yamlErrors };
}

export interface LoadOptions {
  // The container's memory limit, against which a percentage or `auto` budget is checked for
  // the pools' expect_memory; null or absent: only a budget in bytes is checked.
  readonly containerLimitBytes?: number | null;
}

// Reads and validates a config file; throws CREW_CONFIG_NOT_FOUND only when it cannot be read.
export function loadConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): LoadResult {
  let poolNames: string[] = [];
  let unset: InterpolationIssue[] = [];
  const data = readYamlData(file, (source) => {
    poolNames = keysAt(source, ['pools']);
    for (const name of poolNames) {
      keepScalarText(source, ['pools', name, 'env']);
      keepScalarText(source, ['pools', name, 'command']);
    }
    unset = interpolateDocument(source, env);
  });
  const yamlWarnings = data.warnings;
  if (!data.ok) {
    return { config: null, errors: data.errors.sort(byPosition), warnings: yamlWarnings };
  }
  const { source } = data;
  if (unset.length > 0) {
    const errors = unset.map((issue) => ({
      file,
      ...positionAt(source, issue.offset),
      path: formatKeyPath(issue.path),
      message: issue.message,
    }));
    return { config: null, errors: errors.sort(byPosition), warnings: yamlWarnings };
  }
  const raw = withoutExtensionKeys(data.raw);
  if (raw === null || raw === undefined) {
    const message = 'the file is empty; it needs at least a pools: mapping';
    return {
      config: null,
      errors: [{ file, line: 1, column: 1, path: '', message }],
      warnings: yamlWarnings,
    };
  }
  const parsed = configSchema.safeParse(raw, { error: errorMap });
  const rules = checkRules(raw);
  const errors = [
    ...duplicateKeyIssues(source),
    ...(parsed.success ? [] : fromZodIssues(parsed.error.issues, configSchema)),
    ...rules.errors,
  ];
  const warnings = [...yamlWarnings, ...placeAll(file, source, rules.warnings)];
  if (!parsed.success || errors.length > 0) {
    return {
      config: null,
      errors: placeAll(file, source, errors),
      warnings: warnings.sort(byPosition),
    };
  }
  const fpm = readFpmLinks(parsed.data, resolve(file), env);
  warnings.push(...fpm.warnings);
  const fpmErrors = [...placeAll(file, source, fpm.yamlErrors), ...fpm.errors];
  if (fpmErrors.length > 0)
    return { config: null, errors: fpmErrors, warnings: warnings.sort(byPosition) };
  const config = normaliseConfig(parsed.data, resolve(file), env, poolNames, fpm.links);
  const limit = options.containerLimitBytes ?? null;
  const host = [...hostWarnings(config, parsed.data), ...budgetWarnings(config, limit)];
  warnings.push(...placeAll(file, source, host));
  return { config, errors: [], warnings: warnings.sort(byPosition) };
}

// Loads a config or throws CREW_CONFIG_INVALID listing every mistake, one per detail line.
export function loadConfigOrThrow(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): { config: CrewConfig; warnings: readonly ConfigIssue[] } {
  const { config, errors, warnings } = loadConfig(file, env, options);
  if (config === null || errors.length > 0) {
    const count = errors.length === 1 ? '1 mistake' : `${errors.length} mistakes`;
    throw new CrewError('CREW_CONFIG_INVALID', `${file} has ${count}`, errors.map(formatIssue));
  }
  return { config, warnings };
}

// One issue as an editor-clickable line: `crew.yaml:12:5  pools.payments.command  message`.
export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path === ''
    ? `${where}  ${issue.message}`
    : `${where}  ${issue.path}  ${issue.message}`;
}
