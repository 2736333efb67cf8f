// Bundles the integration suites for the extension host: one CommonJS file per test file and per
// --extensionTestsPath entry, under out/integration/<suite>/. `vscode` comes from the extension host;
// mocha stays external so the suites register with the very mocha module their runner loaded.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './workspaces.js';

export const integrationOutDir = join(repoRoot, 'out', 'integration');

const entryPoints = [
  'test/integration/trusted/scoot.test.ts', 'test/integration/trusted/index.ts',
  'test/integration/untrusted/untrusted.test.ts', 'test/integration/untrusted/index.ts',
];

export async function buildIntegrationTests(): Promise<void> {
  rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entryPoints.map((e) => join(repoRoot, e)),
    outdir: integrationOutDir,
    outbase: join(repoRoot, 'test/integration'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
