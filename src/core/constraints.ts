// Known constraints: small boolean expressions over parameter names, e.g.
//   max-num-batched-tokens >= max-num-seqs
//   !(enable-chunked-prefill && enable-prefix-caching)
//   quantization == "fp8" || max-model-len <= 8192
// parsed once by recursive descent into an AST and evaluated many times (never eval/Function).
//
// Grammar, loosest binding first (C precedence; comparisons do not chain):
//   or       := and ('||' and)*
//   and      := equality ('&&' equality)*
//   equality := relation (('==' | '!=') relation)?
//   relation := sum (('<' | '<=' | '>' | '>=') sum)?
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/') unary)*
//   unary    := ('!' | '-') unary | primary
//   primary  := number | true | false | 'string' | "string" | parameter | '(' or ')'
// Parameter names may contain '-', so "a-b" is ambiguous; where a value is expected the longest known
// name that ends at a name boundary wins ("a-b" is the parameter a-b if it exists, else a minus b).
// Booleans are 1/0 in arithmetic; numbers are conditions (non-zero is true). Strings (enum values)
// can only be compared with == and !=; against a number or boolean they compare as text.
//
// violation() grades how far a configuration is from satisfying the constraint, for evolutionary
// solvers. Every boolean node yields a violation V (0 iff true) and a satisfaction S (0 iff false,
// i.e. the violation of its negation):
//   comparison l op r : gap = |l - r| / (|l| + |r| + 1); V = 0 if true else max(gap, MIN);
//                       S = max(gap, MIN) if true else 0 (MIN keeps ties such as a < a positive;
//                       a non-finite gap counts as 1); == / != on text: 0 or 1
//   A && B : V = V(A) + V(B)        S = min(S(A), S(B))
//   A || B : V = min(V(A), V(B))    S = S(A) + S(B)
//   !A     : V = S(A)               S = V(A)
//   other values used as conditions: V = 0 if truthy else 1, S = 1 - V
// So !(A && B) costs min(S(A), S(B)): the cheapest way to make one of them false.

import type { ParamValue, Params } from './types.js';

export class ConstraintError extends Error {
  override name = 'ConstraintError';
  constructor(
    readonly source: string,
    what: string,
    /** 1-based column the message points at. */
    readonly column: number,
    hint = '',
  ) {
    super(`constraint "${source}": ${what} at column ${column}${hint}`);
  }
}

export interface Constraint {
  readonly source: string;
  /** Parameters it mentions, in order of first mention. */
  readonly names: readonly string[];
  /** True when satisfied. */
  test(params: Params): boolean;
  /** 0 when satisfied, > 0 otherwise: a graded degree (see the file comment). */
  violation(params: Params): number;
}

type ArithOp = '+' | '-' | '*' | '/';
type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
type StaticType = 'number' | 'boolean' | 'string' | 'param';

type Node =
  | { kind: 'number'; value: number; col: number }
  | { kind: 'boolean'; value: boolean; col: number }
  | { kind: 'string'; value: string; col: number }
  | { kind: 'param'; name: string; col: number }
  | { kind: 'negate'; arg: Node; col: number }
  | { kind: 'not'; arg: Node; col: number }
  | { kind: 'arith'; op: ArithOp; left: Node; right: Node; col: number }
  | { kind: 'compare'; op: CompareOp; left: Node; right: Node; col: number }
  | { kind: 'and' | 'or'; left: Node; right: Node; col: number };

function staticType(node: Node): StaticType {
  switch (node.kind) {
    case 'number': case 'negate': case 'arith': return 'number';
    case 'string': return 'string';
    case 'param': return 'param';
    default: return 'boolean';
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_.]/; // '-' excluded: after a name it may be a minus sign
const NAME_RUN = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const TOKEN = /[A-Za-z0-9_.-]+|\S/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/'] as const;
type Operator = (typeof OPERATORS)[number];

const STRING_USE = 'strings can only be compared with == or !=';

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

class Parser {
  private pos = 0;
  readonly names: string[] = [];
  private readonly byLength: readonly string[];

  constructor(
    private readonly src: string,
    private readonly known: readonly string[],
  ) {
    this.byLength = [...new Set(known)].sort((a, b) => b.length - a.length);
  }

  parse(): Node {
    const node = this.or();
    this.skipSpace();
    if (this.pos < this.src.length) {
      if (this.src[this.pos] === ')') this.fail('unexpected ")" with no matching "("');
      TOKEN.lastIndex = this.pos;
      this.fail(`unexpected "${TOKEN.exec(this.src)?.[0] ?? ''}"; expected an operator or the end`);
    }
    this.requireCondition(node);
    return node;
  }

  private fail(what: string, column = this.pos + 1, hint = ''): never {
    throw new ConstraintError(this.src, what, column, hint);
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private peekOperator(): Operator | undefined {
    this.skipSpace();
    return OPERATORS.find((op) => this.src.startsWith(op, this.pos));
  }

  /** Consumes the operator if it is one of `ops`. */
  private accept<T extends Operator>(ops: readonly T[]): T | undefined {
    const op = this.peekOperator();
    if (op === undefined) {
      const c = this.src[this.pos];
      if (c === '=') this.fail('use "==" to compare for equality');
      if (c === '&' || c === '|') this.fail(`use "${c}${c}" for logical ${c === '&' ? 'and' : 'or'}`);
      return undefined;
    }
    if (!(ops as readonly string[]).includes(op)) return undefined;
    this.pos += op.length;
    return op as T;
  }

  private or(): Node {
    let left = this.and();
    for (;;) {
      this.skipSpace();
      const col = this.pos + 1;
      if (!this.accept(['||'])) return left;
      const right = this.and();
      this.requireCondition(left);
      this.requireCondition(right);
      left = { kind: 'or', left, right, col };
    }
  }

  private and(): Node {
    let left = this.equality();
    for (;;) {
      this.skipSpace();
      const col = this.pos + 1;
      if (!this.accept(['&&'])) return left;
      const right = this.equality();
      this.requireCondition(left);
      this.requireCondition(right);
      left = { kind: 'and', left, right, col };
    }
  }

  private equality(): Node {
    const left = this.relation();
    this.skipSpace();
    const col = this.pos + 1;
    const op = this.accept(['==', '!=']);
    if (!op) return left;
    const node: Node = { kind: 'compare', op, left, right: this.relation(), col };
    this.refuseChain(['==', '!=']);
    return node;
  }

  private refuseChain(ops: readonly Operator[]): void {
    const next = this.peekOperator();
    if (next !== undefined && ops.includes(next)) this.fail(`comparisons cannot be chained; join them with && instead of "${next}"`);
  }

  private relation(): Node {
    const left = this.sum();
    this.skipSpace();
    const col = this.pos + 1;
    const op = this.accept(['<', '<=', '>', '>=']);
    if (!op) return left;
    const right = this.sum();
    this.requireOrderable(left);
    this.requireOrderable(right);
    this.refuseChain(['<', '<=', '>', '>=']);
    return { kind: 'compare', op, left, right, col };
  }

  private sum(): Node {
    let left = this.product();
    for (;;) {
      this.skipSpace();
      const col = this.pos + 1;
      const op = this.accept(['+', '-']);
      if (!op) return left;
      left = this.arith(op, left, this.product(), col);
    }
  }

  private product(): Node {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      const col = this.pos + 1;
      const op = this.accept(['*', '/']);
      if (!op) return left;
      left = this.arith(op, left, this.unary(), col);
    }
  }

  private arith(op: ArithOp, left: Node, right: Node, col: number): Node {
    this.requireOrderable(left);
    this.requireOrderable(right);
    return { kind: 'arith', op, left, right, col };
  }

  private unary(): Node {
    this.skipSpace();
    const col = this.pos + 1;
    const c = this.src[this.pos];
    if (c === '!' && this.src[this.pos + 1] !== '=') {
      this.pos++;
      const arg = this.unary();
      this.requireCondition(arg);
      return { kind: 'not', arg, col };
    }
    if (c === '-') {
      this.pos++;
      const arg = this.unary();
      this.requireOrderable(arg);
      return { kind: 'negate', arg, col };
    }
    return this.primary();
  }

  private primary(): Node {
    this.skipSpace();
    const col = this.pos + 1;
    const c = this.src[this.pos];
    if (c === undefined) this.fail('expected a value');
    if (c === '(') {
      this.pos++;
      const inner = this.or();
      this.skipSpace();
      if (this.src[this.pos] !== ')') {
        if (this.pos >= this.src.length) this.fail('unclosed "("', col);
        this.fail(`expected ")" to close "(" from column ${col}`);
      }
      this.pos++;
      return inner;
    }
    if (c === '"' || c === "'") return this.stringLiteral(c, col);
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.src);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'number', value: Number(number[0]), col };
    }
    if (NAME_START.test(c)) return this.name(col);
    this.fail('expected a value');
  }

  private stringLiteral(quote: string, col: number): Node {
    let value = '';
    let i = this.pos + 1;
    for (; i < this.src.length && this.src[i] !== quote; i++) {
      if (this.src[i] === '\\' && i + 1 < this.src.length) i++;
      value += this.src[i];
    }
    if (i >= this.src.length) this.fail('unterminated string', col);
    this.pos = i + 1;
    return { kind: 'string', value, col };
  }

  private atNameBoundary(end: number): boolean {
    return end >= this.src.length || !NAME_CHAR.test(this.src[end]);
  }

  private name(col: number): Node {
    const match = this.byLength.find((n) => this.src.startsWith(n, this.pos) && this.atNameBoundary(this.pos + n.length));
    if (match !== undefined) {
      this.pos += match.length;
      if (!this.names.includes(match)) this.names.push(match);
      return { kind: 'param', name: match, col };
    }
    for (const [word, value] of [['true', true], ['false', false]] as const) {
      if (this.src.startsWith(word, this.pos) && this.atNameBoundary(this.pos + word.length)) {
        this.pos += word.length;
        return { kind: 'boolean', value, col };
      }
    }
    NAME_RUN.lastIndex = this.pos;
    const run = (NAME_RUN.exec(this.src)?.[0] ?? '').replace(/[-.]+$/, '');
    const close = this.known
      .map((n) => ({ n, d: editDistance(run, n) }))
      .filter(({ d }) => d <= Math.max(1, Math.floor(run.length / 4)))
      .sort((a, b) => a.d - b.d)[0];
    this.fail(`unknown parameter "${run}"`, col, close ? `; did you mean "${close.n}"?` : '');
  }

  private requireOrderable(node: Node): void {
    if (staticType(node) === 'string') this.fail(`"${(node as { value: string }).value}" is a string; ${STRING_USE}`, node.col);
  }

  private requireCondition(node: Node): void {
    if (staticType(node) === 'string') this.fail(`"${(node as { value: string }).value}" is a string, not a condition`, node.col);
  }
}

/** Keeps ties and underflow strictly positive so that violation > 0 exactly when the test fails. */
const MIN_DEGREE = 1e-9;

function degree(gap: number): number {
  return Number.isFinite(gap) ? Math.max(gap, MIN_DEGREE) : 1;
}

interface Outcome {
  truth: boolean;
  /** 0 iff truth. */
  violation: number;
  /** 0 iff !truth. */
  satisfaction: number;
}

function crisp(truth: boolean): Outcome {
  return { truth, violation: truth ? 0 : 1, satisfaction: truth ? 1 : 0 };
}

function graded(truth: boolean, gap: number): Outcome {
  return { truth, violation: truth ? 0 : degree(gap), satisfaction: truth ? degree(gap) : 0 };
}

function arithmetic(op: ArithOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
  }
}

class ExpressionEvaluator {
  constructor(
    private readonly src: string,
    private readonly params: Params,
  ) {}

  private fail(what: string, column: number): never {
    throw new ConstraintError(this.src, what, column);
  }

  private value(node: Node): ParamValue {
    switch (node.kind) {
      case 'number': case 'boolean': case 'string':
        return node.value;
      case 'param': {
        const v = this.params[node.name];
        if (v === undefined) this.fail(`parameter "${node.name}" has no value`, node.col);
        return v;
      }
      case 'negate':
        return -this.number(node.arg);
      case 'arith':
        return arithmetic(node.op, this.number(node.left), this.number(node.right));
      default:
        return this.condition(node).truth;
    }
  }

  private describe(node: Node, v: string): string {
    return node.kind === 'param' ? `parameter "${node.name}" is the string "${v}"` : `"${v}" is a string`;
  }

  private number(node: Node): number {
    const v = this.value(node);
    if (typeof v === 'string') this.fail(`${this.describe(node, v)}; ${STRING_USE}`, node.col);
    return typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }

  condition(node: Node): Outcome {
    switch (node.kind) {
      case 'and': {
        const a = this.condition(node.left), b = this.condition(node.right);
        return { truth: a.truth && b.truth, violation: a.violation + b.violation, satisfaction: Math.min(a.satisfaction, b.satisfaction) };
      }
      case 'or': {
        const a = this.condition(node.left), b = this.condition(node.right);
        return { truth: a.truth || b.truth, violation: Math.min(a.violation, b.violation), satisfaction: a.satisfaction + b.satisfaction };
      }
      case 'not': {
        const a = this.condition(node.arg);
        return { truth: !a.truth, violation: a.satisfaction, satisfaction: a.violation };
      }
      case 'compare':
        return this.compare(node.op, node.left, node.right);
      default: {
        const v = this.value(node);
        if (typeof v === 'string') this.fail(`${this.describe(node, v)}, not a condition`, node.col);
        return crisp(typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v));
      }
    }
  }

  private compare(op: CompareOp, left: Node, right: Node): Outcome {
    if (op === '==' || op === '!=') {
      const lv = this.value(left), rv = this.value(right);
      if (typeof lv === 'string' || typeof rv === 'string') {
        const equal = String(lv) === String(rv);
        return crisp(op === '==' ? equal : !equal);
      }
    }
    const a = this.number(left), b = this.number(right);
    const gap = Math.abs(a - b) / (Math.abs(a) + Math.abs(b) + 1);
    switch (op) {
      case '<': return graded(a < b, gap);
      case '<=': return graded(a <= b, gap);
      case '>': return graded(a > b, gap);
      case '>=': return graded(a >= b, gap);
      case '==': return graded(a === b, gap);
      case '!=': return graded(a !== b, gap);
    }
  }
}

/** Parses `source` once; unknown names, syntax errors and misuse of strings throw ConstraintError. */
export function parseConstraint(source: string, knownNames: readonly string[]): Constraint {
  const parser = new Parser(source, knownNames);
  const ast = parser.parse();
  const names = Object.freeze([...parser.names]);
  return {
    source,
    names,
    test: (params) => new ExpressionEvaluator(source, params).condition(ast).truth,
    violation: (params) => new ExpressionEvaluator(source, params).condition(ast).violation,
  };
}

export function satisfiesAll(constraints: readonly Constraint[], params: Params): boolean {
  return constraints.every((c) => c.test(params));
}

export function totalViolation(constraints: readonly Constraint[], params: Params): number {
  let total = 0;
  for (const c of constraints) total += c.violation(params);
  return total;
}
