// Words for a POSIX shell on another machine. Remote launches cannot avoid a shell (ssh hands the
// remote side one command string; a Slurm job is a script), so every value we did not write ourselves
// is single-quoted: inside '...' nothing is special, and a ' itself is written as '\''.

/** One argument as a shell word that the shell turns back into exactly `value`. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one command line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A POSIX environment variable name (what `env NAME=value` accepts). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
