// The vocabulary is defined once (issue 17): this check reads every source file of the product
// (src/, webview/) with the TypeScript parser and reports
//  1. a type, interface, class or enum name declared in more than one file, or one object shape (the
//     same members) declared under two names;
//  2. the same set of string literals declared twice as a union type or an `as const` list (one
//     concept under two names, e.g. a second list of trial sources or optimiser names);
//  3. a metric fact decided outside the metric table (src/protocol/metrics.ts): a regular expression
//     over metric names, a comparison with a metric name or family word, or a list of metric names.
// Exceptions are listed below, each with its reason. Run: npx tsx scripts/check-vocabulary.ts
// (test/unit/repo/vocabulary.test.ts runs it with the tests).

import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { METRIC_NAMES } from '../src/protocol/metrics.js';

export interface Finding {
  rule: 'type-name' | 'shape' | 'literal-set' | 'metric-fact';
  message: string;
}

/** Names that several files declare on purpose, with why it is not one concept defined twice. */
const SHARED_NAMES: Record<string, { files: string[]; reason: string }> = {
  TraceRequest: {
    files: ['src/workload/trace.ts', 'src/sim/evaluate.ts'],
    reason: 'the simulator is a separate program behind HTTP; its TraceRequest is a raw trace line ({prompt, output_tokens}), not the workload\'s parsed request',
  },
  Histogram: {
    files: ['src/workload/histogram.ts', 'src/sim/prometheus.ts'],
    reason: 'the simulator writes Prometheus histograms (a class that renders them), the workload reads them (parsed buckets)',
  },
  ApiKind: {
    files: ['src/protocol/workload.ts', 'src/sim/openai-api.ts'],
    reason: 'the simulator\'s parsed request kind (\'completion\' | \'chat\', OpenAI\'s object names), not the config\'s endpoint choice',
  },
  Metric: {
    files: ['src/core/benchmark/run.ts', 'src/sim/prometheus.ts'],
    reason: 'the optimiser benchmark\'s scoring metric vs the simulator\'s Prometheus metric interface (file-local)',
  },
};

/** One shape under two names on purpose. */
const SHARED_SHAPES: Record<string, string> = {
  'ScootOptions VanillaBoOptions': 'two suggesters\' own options that happen to coincide today (src/core/suggesters, left to the optimiser\'s owner)',
};

/** Files that measure metrics (compute each one by name from requests): the definitions the table refers to. */
const MEASURES_METRICS: Record<string, string> = {
  'src/protocol/metrics.ts': 'the metric table itself',
  'src/workload/metrics.ts': 'computes each metric from the requests of a load test (vllm bench serve definitions)',
  'src/workload/final-bounds.ts': 'bounds each metric\'s final value during a load',
  'src/workload/engine-metrics.ts': 'maps an engine\'s own /metrics histograms to metric names',
};
/** The simulator is a separate program (an engine model) that computes the serving metrics it reports. */
const SIMULATOR = 'src/sim/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * The string literals a definition lists: `type X = 'a' | 'b'`, a property typed `'a' | 'b'`, or
 * `const X = ['a', 'b'] as const`. (A parameter's inline union is a use, not a definition.)
 */
function stringLiteralSet(node: ts.Node): string[] | undefined {
  let members: readonly ts.Node[] | undefined;
  const definesProperty = (ts.isPropertySignature(node) && (ts.isInterfaceDeclaration(node.parent) || (ts.isTypeLiteralNode(node.parent) && ts.isTypeAliasDeclaration(node.parent.parent)))) || ts.isPropertyDeclaration(node);
  if ((ts.isTypeAliasDeclaration(node) || definesProperty) && node.type && ts.isUnionTypeNode(node.type)) members = node.type.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.UndefinedKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword);
  else if (ts.isVariableDeclaration(node) && node.initializer && ts.isAsExpression(node.initializer) && ts.isTypeReferenceNode(node.initializer.type) && node.initializer.type.typeName.getText() === 'const' && ts.isArrayLiteralExpression(node.initializer.expression)) members = node.initializer.expression.elements;
  if (!members || members.length < 2) return undefined;
  const out: string[] = [];
  for (const m of members) {
    if (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)) out.push(m.literal.text);
    else if (ts.isStringLiteral(m)) out.push(m.text);
    else return undefined;
  }
  return out;
}

const METRIC_WORD = /(^|[^a-z])(ttft|tpot|itl|e2e|throughput|goodput)([^a-z]|$)/;
const metricNames = new Set<string>(METRIC_NAMES);
const FAMILY_WORDS = new Set(['ttft', 'tpot', 'itl', 'e2e', 'throughput', 'goodput']);

export function checkVocabulary(root: string): Finding[] {
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'webview'))];
  const declared = new Map<string, string[]>();
  const literalSets = new Map<string, string[]>();
  const shapes = new Map<string, string[]>();
  const findings: Finding[] = [];

  for (const file of files) {
    const rel = relative(root, file).split(sep).join('/');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const factsAllowed = rel in MEASURES_METRICS || rel.startsWith(SIMULATOR);
    const where = (n: ts.Node) => `${rel}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;

    for (const s of source.statements) {
      if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
        declared.set(s.name.text, [...(declared.get(s.name.text) ?? []), rel]);
      }
      const members = ts.isInterfaceDeclaration(s) && !s.heritageClauses ? s.members : ts.isTypeAliasDeclaration(s) && ts.isTypeLiteralNode(s.type) ? s.type.members : undefined;
      if (members && members.length >= 2 && (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s))) {
        // Members as written, without comments, `readonly` or layout: the same fields with the same types.
        const key = members.map((m) => m.getText(source).replace(/\/\*[\s\S]*?\*\/\s*/g, '').replace(/\breadonly /g, '').replace(/\s+/g, ' ').replace(/[;,]$/, '')).sort().join('; ');
        shapes.set(key, [...(shapes.get(key) ?? []), `${s.name.text} (${rel})`]);
      }
    }

    const visit = (n: ts.Node): void => {
      const set = stringLiteralSet(n);
      if (set) {
        const key = [...new Set(set)].sort().join('|');
        literalSets.set(key, [...(literalSets.get(key) ?? []), where(n)]);
      }
      if (!factsAllowed) {
        if (ts.isRegularExpressionLiteral(n) && METRIC_WORD.test(n.text)) findings.push({ rule: 'metric-fact', message: `${where(n)}: regular expression over metric names ${n.text}: read the metric table (protocol/metrics.ts)` });
        if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(n.operatorToken.kind)) {
          for (const side of [n.left, n.right]) {
            if (ts.isStringLiteral(side) && (metricNames.has(side.text) || FAMILY_WORDS.has(side.text))) findings.push({ rule: 'metric-fact', message: `${where(n)}: compares with the metric name '${side.text}': read the metric table (protocol/metrics.ts)` });
          }
        }
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['endsWith', 'startsWith', 'includes'].includes(n.expression.name.text)) {
          const arg = n.arguments[0];
          if (arg && ts.isStringLiteral(arg) && (FAMILY_WORDS.has(arg.text.replace(/_$/, '')) || metricNames.has(arg.text))) findings.push({ rule: 'metric-fact', message: `${where(n)}: .${n.expression.name.text}('${arg.text}') decides a metric fact by its name: read the metric table (protocol/metrics.ts)` });
        }
        if (ts.isArrayLiteralExpression(n)) {
          const named = n.elements.filter((e) => ts.isStringLiteral(e) && metricNames.has(e.text));
          if (named.length >= 2) findings.push({ rule: 'metric-fact', message: `${where(n)}: a list of metric names (${named.map((e) => (e as ts.StringLiteral).text).join(', ')}): a fact about them belongs in the metric table (protocol/metrics.ts)` });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }

  for (const [name, where] of declared) {
    if (where.length < 2) continue;
    const shared = SHARED_NAMES[name];
    if (shared && [...where].sort().join() === [...shared.files].sort().join()) continue;
    findings.push({ rule: 'type-name', message: `${name} is declared in ${where.join(', ')}: define it once and import it` });
  }
  for (const where of shapes.values()) {
    if (where.length < 2) continue;
    const names = where.map((w) => w.split(' ')[0]).sort().join(' ');
    if (names in SHARED_SHAPES) continue;
    findings.push({ rule: 'shape', message: `${where.join(' and ')} have the same members: one concept, one definition` });
  }
  for (const [set, where] of literalSets) {
    if (where.length < 2) continue;
    findings.push({ rule: 'literal-set', message: `the literals ${set.split('|').map((x) => `'${x}'`).join(' | ')} are declared at ${where.join(', ')}: one concept, one definition` });
  }
  return findings;
}

/** What the check covers, for its report. */
export function coverage(root: string): { files: number; exceptions: number } {
  return { files: sourceFiles(join(root, 'src')).length + sourceFiles(join(root, 'webview')).length, exceptions: Object.keys(SHARED_NAMES).length + Object.keys(SHARED_SHAPES).length + Object.keys(MEASURES_METRICS).length + 1 };
}

if (require.main === module) {
  const root = join(__dirname, '..');
  const findings = checkVocabulary(root);
  const { files, exceptions } = coverage(root);
  for (const f of findings) console.log(`${f.rule}: ${f.message}`);
  console.log(`check-vocabulary: ${files} files, ${findings.length} finding${findings.length === 1 ? '' : 's'} (${exceptions} listed exceptions)`);
  process.exitCode = findings.length ? 1 : 0;
}
