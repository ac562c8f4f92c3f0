// C's atoi as glibc has it, which php-fpm and PHP's INI parser use to read numbers: leading
// whitespace, a sign and digits, the rest ignored; strtol clamps to 64 bits and the cast to int
// keeps the low 32, so 99999999999 reads as 1215752191.

const LEADING_INTEGER = /^[ \t\n\v\f\r]*([+-]?\d+)/;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

// The int atoi returns for `text` (0 when it starts with no number).
export function atoi(text: string): number {
  const digits = LEADING_INTEGER.exec(text)?.[1];
  if (digits === undefined) return 0;
  let value = BigInt(digits);
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return Number(BigInt.asIntN(32, value));
}

// True when atoi(text) is not the number the digits say (the value wrapped around).
export function atoiWraps(text: string): boolean {
  const digits = LEADING_INTEGER.exec(text)?.[1];
  return digits !== undefined && BigInt(digits) !== BigInt(atoi(text));
}
