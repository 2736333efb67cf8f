// --extensionTestsPath entry of the untrusted suite.
import { runSuite } from '../mocha-entry.js';

export function run(): Promise<void> {
  return runSuite(__dirname, 3 * 60_000);
}
