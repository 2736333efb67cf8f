// A unified diff of two versions of a (small) text file, for `scoot apply` to show what it changes.

function lcsTable(a: readonly string[], b: readonly string[]): Uint32Array[] {
  const t = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  return t;
}

type Line = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

function lineDiff(a: readonly string[], b: readonly string[]): Line[] {
  const t = lcsTable(a, b);
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) out.push({ kind: ' ', text: a[i++], a: i, b: ++j });
    // Deletions before insertions, as diff(1) shows a changed line.
    else if (i < a.length && (j === b.length || t[i + 1][j] >= t[i][j + 1])) out.push({ kind: '-', text: a[i++], a: i, b: j });
    else out.push({ kind: '+', text: b[j++], a: i, b: j });
  }
  return out;
}

/** `--- a` / `+++ b` headers and @@ hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, names: { a: string; b: string }, context = 2): string {
  if (before === after) return '';
  const lines = lineDiff(before.split('\n'), after.split('\n'));
  const changed = lines.map((l, k) => (l.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - context);
    const to = Math.min(lines.length, k + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const out = [`--- ${names.a}`, `+++ ${names.b}`];
  for (const [from, to] of hunks) {
    const slice = lines.slice(from, to);
    const aStart = (slice.find((l) => l.kind !== '+')?.a ?? lines[from].a) || 1;
    const bStart = (slice.find((l) => l.kind !== '-')?.b ?? lines[from].b) || 1;
    const aCount = slice.filter((l) => l.kind !== '+').length;
    const bCount = slice.filter((l) => l.kind !== '-').length;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...slice.map((l) => `${l.kind}${l.text}`));
  }
  return `${out.join('\n')}\n`;
}
