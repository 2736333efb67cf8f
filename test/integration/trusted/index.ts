// --extensionTestsPath entry of the trusted suite (test-cli uses its own; code-server uses this one).
import { runSuite } from '../mocha-entry.js';

export function run(): Promise<void> {
  return runSuite(__dirname, 10 * 60_000);
}
