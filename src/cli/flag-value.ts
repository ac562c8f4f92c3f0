// A command-line flag's value read by a config parser (sizes, durations): its message becomes a
// usage error naming the flag, so `--delay 5 parsecs` says which flag is wrong.
import { CrewError } from '../errors/crew-error.js';

// The parsed value, undefined when the flag was not given; throws CREW_USAGE when it cannot parse.
export function flagValue<T>(
  text: string | undefined,
  flag: string,
  parse: (text: string) => T,
): T | undefined {
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (error) {
    throw new CrewError('CREW_USAGE', `${flag}: ${(error as Error).message}`);
  }
}
