// --extensionTestsPath entry for the untrusted suite: VS Code calls run() in the extension host.
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 180_000 });
  mocha.addFile(join(__dirname, 'untrusted.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} untrusted-workspace test(s) failed`)) : resolve()));
  });
}
