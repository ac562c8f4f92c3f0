// The PHP constants a php-fpm config can name in a value or an array key: PHP's INI scanner
// replaces a bare word that names a defined constant with its value (`E_ALL & ~E_NOTICE` becomes
// 32759). php-fpm has every constant of PHP and its extensions defined by then; these are the
// ones a pool file plausibly uses, with PHP 8.2's values on 64-bit Linux. A word that is not
// listed here is kept as written (a version constant such as PHP_VERSION depends on the binary).

const errorLevels: Readonly<Record<string, number>> = {
  E_ERROR: 1,
  E_WARNING: 2,
  E_PARSE: 4,
  E_NOTICE: 8,
  E_CORE_ERROR: 16,
  E_CORE_WARNING: 32,
  E_COMPILE_ERROR: 64,
  E_COMPILE_WARNING: 128,
  E_USER_ERROR: 256,
  E_USER_WARNING: 512,
  E_USER_NOTICE: 1024,
  E_STRICT: 2048,
  E_RECOVERABLE_ERROR: 4096,
  E_DEPRECATED: 8192,
  E_USER_DEPRECATED: 16384,
  E_ALL: 32767,
};

const platform: Readonly<Record<string, string>> = {
  DIRECTORY_SEPARATOR: '/',
  PATH_SEPARATOR: ':',
  PHP_EOL: '\n',
  PHP_OS: 'Linux',
  PHP_OS_FAMILY: 'Linux',
  PHP_INT_SIZE: '8',
  PHP_INT_MAX: '9223372036854775807',
  PHP_INT_MIN: '-9223372036854775808',
};

// The constant's value as the INI parser writes it, or undefined when crew does not know it.
export function phpConstant(name: string): string | undefined {
  if (Object.hasOwn(errorLevels, name)) return String(errorLevels[name]);
  return Object.hasOwn(platform, name) ? platform[name] : undefined;
}
