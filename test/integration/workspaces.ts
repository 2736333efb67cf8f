// Where the test-electron suites' workspaces live and how they are made: the same simulator fixture
// as the code-server test (test/e2e/vscode/fixture.ts), at fixed paths under .vscode-test/ so that
// .vscode-test.mjs can name the folder VS Code opens.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeFixture, type Fixture, type FixtureOptions } from '../e2e/vscode/fixture.js';

export const repoRoot = join(__dirname, '..', '..');
export const workspacesDir = join(repoRoot, '.vscode-test', 'workspaces');
export const trustedWorkspace = join(workspacesDir, 'trusted');
export const untrustedWorkspace = join(workspacesDir, 'untrusted');

export const smallStudy: FixtureOptions = { name: 'e2e', evaluations: 6, parallel: 2, durationSec: 3, rate: 4 };
/** Long trials, so Stop Tuning lands while an engine is serving. */
export const largeStudy: FixtureOptions = { name: 'e2e-stop', evaluations: 30, parallel: 2, durationSec: 60, rate: 4 };

/** Fresh workspaces (previous runs' studies removed). */
export function makeWorkspaces(): { trusted: Fixture; untrusted: Fixture } {
  rmSync(workspacesDir, { recursive: true, force: true });
  return { trusted: makeFixture(workspacesDir, 'trusted', smallStudy), untrusted: makeFixture(workspacesDir, 'untrusted', smallStudy) };
}

/** The marker a fixture's serve.sh gives every engine (`--served-model-name`). */
export function markerOf(launchScript: string): string {
  const m = /--served-model-name\s+(e2e-\S+)/.exec(launchScript);
  if (!m) throw new Error('serve.sh has no --served-model-name e2e-… marker: make the workspaces with `npm run test:vscode`');
  return m[1];
}
