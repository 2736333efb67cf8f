// An --extensionTestsPath entry: VS Code calls run() in the extension host, which runs one suite's
// bundled test files with mocha. test-cli brings its own entry for the trusted suite under
// test-electron; this one serves the untrusted suite there, and both suites in code-server. With
// SCOOT_MOCHA_RESULTS set (a folder), each test's outcome is also written to <folder>/<suite>.json,
// for a runner that cannot read the extension host's console.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
  durationMs?: number;
}

export function runSuite(dir: string, timeoutMs: number): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: timeoutMs });
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(dir, f));
  const outcomes: TestOutcome[] = [];
  const resultsDir = process.env.SCOOT_MOCHA_RESULTS;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (resultsDir) {
        mkdirSync(resultsDir, { recursive: true });
        writeFileSync(join(resultsDir, `${basename(dir)}.json`), JSON.stringify({ failures, outcomes }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed in ${dir}`));
      else resolve();
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
