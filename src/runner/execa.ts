// execa is ESM-only: a dynamic import works both in the CJS bundles (esbuild inlines it) and under
// tsx in tests, where a static import would become a require() that its dependencies reject.

type ExecaModule = typeof import('execa');
let loaded: Promise<ExecaModule> | undefined;

export function loadExeca(): Promise<ExecaModule> {
  loaded ??= import('execa');
  return loaded;
}

/** A finished command: its exit status and what it printed. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
