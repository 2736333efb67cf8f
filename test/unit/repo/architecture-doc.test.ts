// The architecture document ships with the repository and the code's citations of it resolve (issue 17,
// item 2): no file cites the design notes that live outside the repository, every "ARCHITECTURE.md §N"
// or "ARCHITECTURE.md, "Title"" names a section docs/ARCHITECTURE.md has, the sections are numbered in
// order with a stable anchor each, and the parts of the document that restate a contract still match it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfigText } from '../../../src/study/load-config.js';

const REPO = resolve(__dirname, '../../..');
const DOC_PATH = 'docs/ARCHITECTURE.md';
const THIS_FILE = 'test/unit/repo/architecture-doc.test.ts';
const doc = readFileSync(join(REPO, DOC_PATH), 'utf8');
// Spelled in parts so that this file does not cite it either.
const OUTSIDE_DOC = ['DESIGN', 'md'].join('.');

interface Section {
  number: number;
  title: string;
  anchor: string | undefined;
}

/** The document's `## N. Title` sections, each with the `<a id="...">` placed just above it. */
function sectionsOf(markdown: string): Section[] {
  const lines = markdown.split('\n');
  const sections: Section[] = [];
  lines.forEach((line, i) => {
    const m = /^## (\d+)\. (.+)$/.exec(line);
    if (!m) return;
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === '') j--;
    const anchor = j >= 0 ? /^<a id="([a-z0-9-]+)"><\/a>$/.exec(lines[j].trim())?.[1] : undefined;
    sections.push({ number: Number(m[1]), title: m[2].trim(), anchor });
  });
  return sections;
}

interface Citation {
  numbers: number[];
  titles: string[];
}

/**
 * The citations of the document in a text. A comment's continuation lines are joined first, so a
 * title wrapped over two lines reads whole. After each mention, the section numbers up to the end of
 * the clause ("§1 method, §6 trial lifecycle", "§1 and §9") and a quoted title right after it count.
 */
function citationsIn(text: string): Citation[] {
  const joined = text.replace(/\n[ \t]*(\/\/|\*|#)?[ \t]*/g, ' ');
  const out: Citation[] = [];
  for (const m of joined.matchAll(/ARCHITECTURE\.md/g)) {
    const rest = joined.slice(m.index + m[0].length, m.index + m[0].length + 120);
    const title = /^,?\s*"([^"]+)"/.exec(rest)?.[1];
    const clause = /^[^)'`]*/.exec(rest)?.[0] ?? '';
    const numbers = [...clause.matchAll(/§(\d+)/g)].map((n) => Number(n[1]));
    out.push({ numbers, titles: title ? [title] : [] });
  }
  return out;
}

function repositoryFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(listed.status, 0, 'a git checkout');
  return [...new Set(listed.stdout.split('\0').filter(Boolean))].filter((f) => !f.startsWith('traces/'));
}

function readText(file: string): string | undefined {
  try {
    const text = readFileSync(join(REPO, file), 'utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

test('the sections are numbered 1, 2, 3, ... in order, each with its own anchor', () => {
  const sections = sectionsOf(doc);
  assert.ok(sections.length >= 8, `${DOC_PATH} has ${sections.length} numbered sections`);
  assert.deepEqual(sections.map((s) => s.number), sections.map((_, i) => i + 1));
  for (const s of sections) assert.ok(s.anchor, `§${s.number} ${s.title} has an <a id="..."></a> anchor above it`);
  const anchors = sections.map((s) => s.anchor);
  assert.equal(new Set(anchors).size, anchors.length, 'anchors are unique');
  // The table of contents links each anchor.
  for (const s of sections) assert.match(doc, new RegExp(`\\(#${s.anchor}\\)`), `the contents link #${s.anchor}`);
});

test('no file cites the design notes kept outside the repository', () => {
  const offenders = repositoryFiles()
    .filter((f) => !f.startsWith('docs/results/'))
    .flatMap((f) => {
      const text = readText(f);
      if (text === undefined) return [];
      return text.split('\n').flatMap((line, i) => (line.includes(OUTSIDE_DOC) ? [`${f}:${i + 1}: ${line.trim()}`] : []));
    });
  assert.deepEqual(offenders, [], `cite ${DOC_PATH} instead`);
});

test('every citation of the architecture document names a section it has', () => {
  const sections = sectionsOf(doc);
  const numbers = new Set(sections.map((s) => s.number));
  const titles = new Set(sections.map((s) => s.title.toLowerCase()));
  const bad: string[] = [];
  let cited = 0;
  for (const f of repositoryFiles()) {
    const text = readText(f);
    // This file's own examples cite sections on purpose (the reader's test below).
    if (f === THIS_FILE || text === undefined || !text.includes('ARCHITECTURE.md')) continue;
    for (const c of citationsIn(text)) {
      cited += c.numbers.length + c.titles.length;
      for (const n of c.numbers) if (!numbers.has(n)) bad.push(`${f}: §${n}`);
      for (const t of c.titles) if (!titles.has(t.toLowerCase())) bad.push(`${f}: "${t}"`);
    }
  }
  // The document's own cross-references ("(§6)", "§4") too.
  for (const m of doc.matchAll(/§(\d+)/g)) if (!numbers.has(Number(m[1]))) bad.push(`${DOC_PATH}: §${m[1]}`);
  assert.deepEqual(bad, [], `sections of ${DOC_PATH}: ${sections.map((s) => `§${s.number} ${s.title}`).join(', ')}`);
  assert.ok(cited >= 30, `the code cites the document (${cited} section references found)`);
});

test('the citation reader finds numbers, lists and wrapped titles, and nothing else', () => {
  assert.deepEqual(citationsIn('// The tuning loop (docs/ARCHITECTURE.md §1 method, §6 trial lifecycle): default first'), [{ numbers: [1, 6], titles: [] }]);
  assert.deepEqual(citationsIn('// the store (docs/ARCHITECTURE.md, "The study\n// folder"), the live state'), [{ numbers: [], titles: ['The study folder'] }]);
  assert.deepEqual(citationsIn("checkedAgainst: 'docs/ARCHITECTURE.md §3 (the command engine contract)', §12"), [{ numbers: [3], titles: [] }]);
  assert.deepEqual(citationsIn('See docs/ARCHITECTURE.md for how the parts fit.'), [{ numbers: [], titles: [] }]);
  assert.deepEqual(sectionsOf('<a id="x"></a>\n\n## 1. One\n\n## 2. Two\n').map((s) => s.anchor), ['x', undefined]);
});

test('the config example of §3 is a valid scoot.config.json', () => {
  const config = /<a id="config"><\/a>[\s\S]*?```jsonc\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(config, '§3 has a jsonc example');
  const parsed = parseConfigText(config, `${DOC_PATH} §3`);
  assert.equal(parsed.engine.type, 'vllm');
  assert.deepEqual(parsed.slo, { ttft_p99: { max: 2000 } });
});

test('§4 lists every entry a study folder may hold', () => {
  const source = readFileSync(join(REPO, 'src/study/study-folder.ts'), 'utf8');
  const list = /const STUDY_ENTRIES = new Set\(\[([^\]]+)\]\)/.exec(source)?.[1];
  assert.ok(list, 'src/study/study-folder.ts names the entries of a study folder (STUDY_ENTRIES)');
  const entries = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.ok(entries.length >= 5);
  const section = /<a id="study-folder"><\/a>([\s\S]*?)<a id="/.exec(doc)?.[1] ?? '';
  for (const entry of entries) assert.match(section, new RegExp(`\\| \`${entry.replace('.', '\\.')}[\`/]`), `§4's table has a row for ${entry}`);
});
