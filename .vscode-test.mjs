// @vscode/test-cli configuration (npm run test:vscode runs it through test/integration/run.ts, which
// builds out/integration/, makes the fixture workspaces and downloads VS Code first). The untrusted
// suite is not here: test-electron always passes --disable-workspace-trust, so run.ts starts that one.
import { defineConfig } from '@vscode/test-cli';

const executable = process.env.SCOOT_VSCODE_EXECUTABLE;

export default defineConfig([
  {
    label: 'trusted',
    files: 'out/integration/trusted/**/*.test.js',
    workspaceFolder: '.vscode-test/workspaces/trusted',
    version: process.env.SCOOT_VSCODE_VERSION ?? '1.100.3',
    ...(executable ? { useInstallation: { fromPath: executable } } : {}),
    launchArgs: ['--disable-extensions', '--skip-welcome', '--disable-gpu'],
    mocha: { ui: 'tdd', timeout: 600_000, color: false },
  },
]);
