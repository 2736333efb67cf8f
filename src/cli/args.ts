// Thin typed wrappers over node:util parseArgs that turn its errors into one-line CliErrors.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends OptionSpec>(argv: readonly string[], options: T, positionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new CliError(((e as Error).message.split('\n')[0] ?? 'bad arguments').replace(/\. To specify.*$/, ''));
  }
}

/**
 * `--budget -2` as `--budget=-2`: parseArgs takes a value that starts with "-" for an option and calls
 * the argument "ambiguous"; a negative number is a value, and the option's own check says what is wrong.
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (takesValue.has(argv[i]) && next !== undefined && /^-\d/.test(next)) {
      out.push(argv[i].startsWith('--') ? `${argv[i]}=${next}` : `${argv[i]}${next}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

export function intOption(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}
