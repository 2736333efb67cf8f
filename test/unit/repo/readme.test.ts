// The README a newcomer reads first.
//
// Set up: exactly two commands on a fresh machine, the main job on the built-in defaults and the tests.
//
// Links: vsce ships README.md as the extension's Marketplace page. A relative link there points at a file the
// package does not hold, and with no repository URL in package.json `vsce package` refuses it outright
// (one CI run's end-to-end suite failed on a link to docs/results/…). Paths in the README are code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

/** Markdown link and image targets that are neither absolute URLs nor in-page anchors. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)/g)) {
    const target = m[1];
    if (!/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target)) out.push(target);
  }
  for (const m of markdown.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) {
    if (!/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(m[1])) out.push(m[1]);
  }
  return out;
}

test('the detector finds relative links and images, and passes URLs and anchors', () => {
  assert.deepEqual(relativeLinks('[a](docs/x.md) ![i](media/p.png) [u](https://x.y/z) [h](#usage)\n[ref]: docs/r.md\n'), ['docs/x.md', 'media/p.png', 'docs/r.md']);
});

test('README.md has no relative link or image', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  assert.deepEqual(relativeLinks(readme), []);
});

test('Set up holds exactly two commands: the demo on the built-in defaults, and npm test', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = /^## Set up\n([\s\S]*?)^## /m.exec(readme)?.[1];
  assert.ok(section, 'README has a "## Set up" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'Set up starts with a sh block');
  const commands = block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
  assert.deepEqual(commands, ['npm ci && npm run demo', 'npm test']);
});
