import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import { stripFlags } from '../../../src/engines/argv.js';
import { getPreset } from '../../../src/engines/registry.js';
import { findLaunchSites, launchFormatOf } from '../../../src/launch/launch-sites.js';
import { patchLaunchText, pickSite } from '../../../src/launch/patch.js';
import { planPatch } from '../../../src/launch/patch-plan.js';
import { splitCommands } from '../../../src/launch/shell-words.js';
import { applyEdits } from '../../../src/launch/text-map.js';
import { CASES } from './fixture-cases.js';

const DIR = 'test/fixtures/launch';
const read = (file: string) => readFileSync(`${DIR}/${file}`, 'utf8');

test('there are at least 20 real-world launch files, of every format, and each has a case', () => {
  const files = readdirSync(DIR);
  assert.ok(files.length >= 20, `${files.length} fixtures`);
  const formats = new Set(files.map((f) => launchFormatOf(f, read(f))));
  assert.deepEqual([...formats].sort(), ['compose', 'dockerfile', 'kubernetes', 'shell']);
  assert.deepEqual(CASES.map((c) => c.file).sort(), [...files].sort());
});

/** Every command/args item in every Kubernetes container is still a string (the API rejects numbers). */
function assertYamlStillValid(text: string): void {
  for (const doc of parseAllDocuments(text)) {
    assert.equal(doc.errors.length, 0, doc.errors.map((e) => e.message).join('; '));
    const visit = (node: unknown): void => {
      if (isMap(node)) {
        for (const key of ['command', 'args']) {
          const v: unknown = node.get(key, true);
          if (isSeq(v)) for (const item of v.toJSON() as unknown[]) assert.equal(typeof item, 'string', `${key} item ${JSON.stringify(item)}`);
        }
        for (const p of node.items) visit(p.value);
      } else if (isSeq(node)) node.items.forEach(visit);
    };
    visit(doc.contents);
  }
}

for (const c of CASES) {
  test(`${c.file}: finds the ${c.engine} command, writes the configuration, touches nothing else, is idempotent`, () => {
    const text = read(c.file);
    const preset = getPreset(c.engine, c.version);
    const site = pickSite(findLaunchSites(text, c.file), c.engine);
    assert.ok(site, 'engine command found');
    assert.deepEqual(site.argv, c.argv);

    const patched = patchLaunchText(text, c.file, preset, c.params);
    assert.ok(patched.edits.length > 0);
    const out = applyEdits(text, patched.edits);
    for (const s of c.contains) assert.ok(out.includes(s), `patched text lacks ${JSON.stringify(s)}\n---\n${out}`);
    for (const s of c.absent ?? []) assert.ok(!out.includes(s), `patched text still has ${JSON.stringify(s)}`);

    // The command is still found, and now carries every tuned value (planning it again changes nothing).
    const after = pickSite(findLaunchSites(out, c.file), c.engine);
    assert.ok(after, 'engine command still found after patching');
    const launch = preset.launchFlags(c.params);
    assert.deepEqual(planPatch(after.tokens, launch.flags, after.implied.length > 0 ? 0 : 1).operations, []);

    // Only tuned flags changed: without every spelling of them, the argv is what it was.
    const strips = launch.flags.flatMap((f) => f.strip);
    assert.deepEqual(stripFlags(after.argv, strips), stripFlags(site.argv, strips));

    // Idempotent: a second patch has nothing to do.
    const again = patchLaunchText(out, c.file, preset, c.params);
    assert.deepEqual(again.edits, []);

    // Comments survive, and the file is still valid in its format.
    for (const line of text.split('\n').filter((l) => /^\s*#/.test(l))) assert.ok(out.includes(line), `comment lost: ${line}`);
    const format = launchFormatOf(c.file, text);
    if (format === 'compose' || format === 'kubernetes') assertYamlStillValid(out);
    if (format === 'shell') assert.equal(splitCommands(out).length, splitCommands(text).length, 'no command split or merged');
  });
}
