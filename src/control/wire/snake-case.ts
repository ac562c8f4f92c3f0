// Internal objects are camelCase; everything crew prints or serves is snake_case. A shape whose
// JSON is its own fields renamed is derived here instead of being written out a second time.

type SnakeKey<S extends string> = S extends `${infer Head}${infer Rest}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeKey<Rest>}`
  : S;

// T with each key in snake_case (oldestWaitMs → oldest_wait_ms); values are kept as they are.
export type SnakeCased<T> = { readonly [K in keyof T as SnakeKey<K & string>]: T[K] };

// The object with its own keys in snake_case (one level deep: values are copied as they are).
export function snakeCased<T extends object>(value: T): SnakeCased<T> {
  const entries = Object.entries(value).map(([key, field]) => [
    key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    field,
  ]);
  return Object.fromEntries(entries) as SnakeCased<T>;
}
