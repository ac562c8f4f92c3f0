// Recognises `crew [-c FILE | --config FILE | --config=FILE] up` without commander; anything
// else (help, unknown options) returns null and goes through the full parser.
export interface UpArgs {
  readonly config: string;
}

// Returns the options of a plain `crew up` command line, or null.
export function parseUpArgs(args: readonly string[]): UpArgs | null {
  let config = 'crew.yaml';
  let command: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') {
      const value = args[++i];
      if (value === undefined) return null;
      config = value;
    } else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
    else if (arg.startsWith('-') || command !== null) return null;
    else command = arg;
  }
  return command === 'up' ? { config } : null;
}
