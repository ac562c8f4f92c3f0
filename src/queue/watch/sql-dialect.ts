// What differs between the engines a Laravel database queue lives on (SQLite, PostgreSQL,
// MySQL/MariaDB) as far as the backlog query cares: how a table name is quoted and how a
// parameter is written.

export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';
export type SqlValue = string | number;

// A table as Laravel names it, optionally schema-qualified (`jobs`, `app_jobs`, `queue.jobs`).
export interface TableName {
  readonly schema: string | null;
  readonly name: string;
}

// Plain SQL names only: anything else is refused rather than escaped, so a config value can never
// carry SQL. 64 is MySQL's limit (PostgreSQL's is 63, which its server enforces itself).
const NAME = '[A-Za-z_][A-Za-z0-9_]{0,63}';
const TABLE_NAME = new RegExp(`^(?:(${NAME})\\.)?(${NAME})$`);

// What a table name may be, for hints.
export const TABLE_NAME_RULE =
  'use a table name of letters, digits and underscores (up to 64, not starting with a digit), optionally schema-qualified like app.jobs';

// Parses `name` or `schema.name`; null when it is not made of plain SQL names.
export function parseTableName(text: string): TableName | null {
  const match = TABLE_NAME.exec(text);
  if (match === null) return null;
  return { schema: match[1] ?? null, name: match[2]! };
}

// Why parseTableName refuses the text (`has 2 dots`), or null when it does not.
export function tableNameProblem(text: string): string | null {
  if (parseTableName(text) !== null) return null;
  if (text === '') return 'is empty';
  const parts = text.split('.');
  if (parts.length > 2)
    return `has ${parts.length - 1} dots; at most one, between schema and table`;
  const odd = /[^A-Za-z0-9_.]/.exec(text);
  if (odd) return `holds ${JSON.stringify(odd[0])}, which a plain SQL name cannot`;
  if (parts.some((part) => part === '')) return 'has an empty part around its dot';
  if (parts.some((part) => /^\d/.test(part))) return 'has a part that starts with a digit';
  return 'has a part longer than 64 characters';
}

// The name quoted for the dialect. Safe because parseTableName admits no quote characters.
export function quoteTable(dialect: SqlDialect, table: TableName): string {
  const quote = dialect === 'mysql' ? '`' : '"';
  const name = `${quote}${table.name}${quote}`;
  return table.schema === null ? name : `${quote}${table.schema}${quote}.${name}`;
}

// Collects parameter values in order and hands out the placeholder for each.
export interface SqlParams {
  readonly values: SqlValue[];
  add(value: SqlValue): string;
}

export function createParams(dialect: SqlDialect): SqlParams {
  const values: SqlValue[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return dialect === 'postgres' ? `$${values.length}` : '?';
    },
  };
}
