// The simulated engine's tokenizer: deterministic, dependency-free and cheap.
//
// Rule: text is split on whitespace into words; a word of up to PIECE characters is one token, a
// longer word is split into PIECE-character pieces (the last may be shorter), each one token.
// Token ids are a hash of the piece. English averages roughly 1.2–1.4 of these tokens per word,
// close to a BPE tokenizer's rate. The server reports exactly these counts in `usage`, and the
// prefix cache hashes blocks of these ids, so prompts sharing a textual prefix share KV blocks.

import type { ChatMessage } from '../protocol/workload.js';

export type { ChatMessage } from '../protocol/workload.js';

export const PIECE = 5;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

/** Token ids of `text`. */
export function tokenize(text: string): Uint32Array {
  const out: number[] = [];
  let h = FNV_OFFSET;
  let inPiece = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (inPiece > 0) out.push(h >>> 0);
      inPiece = 0;
      h = FNV_OFFSET;
      continue;
    }
    if (inPiece === PIECE) {
      out.push(h >>> 0);
      inPiece = 0;
      h = FNV_OFFSET;
    }
    h = Math.imul(h ^ c, FNV_PRIME);
    inPiece++;
  }
  if (inPiece > 0) out.push(h >>> 0);
  return Uint32Array.from(out);
}

/** Number of tokens `tokenize(text)` would return, without allocating. */
export function countTokens(text: string): number {
  let n = 0;
  let inPiece = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      inPiece = 0;
      continue;
    }
    if (inPiece === 0 || inPiece === PIECE) {
      n++;
      inPiece = 0;
    }
    inPiece++;
  }
  return n;
}

/**
 * Chained hashes of the full blocks of `ids` (a partial last block has none), like vLLM's prefix
 * caching: block i's hash covers every token up to the end of block i, so equal hashes mean equal
 * prefixes. Two 32-bit streams are combined into one 53-bit number to make collisions negligible.
 */
export function blockHashes(ids: Uint32Array, blockSize: number): Float64Array {
  const n = Math.floor(ids.length / blockSize);
  const out = new Float64Array(n);
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  for (let blk = 0; blk < n; blk++) {
    for (let j = blk * blockSize, end = j + blockSize; j < end; j++) {
      a = Math.imul(a ^ ids[j], 0x01000193);
      b = Math.imul((b + ids[j]) ^ (b >>> 15), 0x2c1b3c6d);
    }
    out[blk] = (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
  }
  return out;
}

/** A tokenised prompt with its block hashes, memoised per block size. */
export class TokenizedPrompt {
  private readonly hashes = new Map<number, Float64Array>();
  constructor(readonly ids: Uint32Array) {}
  get length(): number {
    return this.ids.length;
  }
  blockHashes(blockSize: number): Float64Array {
    let h = this.hashes.get(blockSize);
    if (!h) {
      h = blockHashes(this.ids, blockSize);
      this.hashes.set(blockSize, h);
    }
    return h;
  }
}

const MEMO_LIMIT = 20000;
const memo = new Map<string, TokenizedPrompt>();

/** Tokenise with a bounded memo: traces replay the same prompts across many evaluations. */
export function tokenizePrompt(text: string): TokenizedPrompt {
  let t = memo.get(text);
  if (!t) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    t = new TokenizedPrompt(tokenize(text));
    memo.set(text, t);
  }
  return t;
}

// Generated text: words of at most PIECE characters, so each generated token re-tokenises to
// exactly one token and a client counting tokens from the text gets the same number.
const OUTPUT_WORDS = [
  'the', 'of', 'and', 'to', 'in', 'is', 'that', 'for', 'it', 'as', 'with', 'was', 'on', 'be', 'by',
  'this', 'are', 'from', 'or', 'have', 'an', 'they', 'which', 'one', 'you', 'were', 'all', 'we',
  'when', 'there', 'can', 'more', 'would', 'if', 'no', 'out', 'so', 'said', 'what', 'up', 'its',
  'about', 'into', 'than', 'them', 'only', 'other', 'new', 'some', 'could', 'time', 'these', 'two',
  'may', 'then', 'do', 'first', 'any', 'my', 'now', 'such', 'like', 'our', 'over', 'man', 'me',
  'even', 'most', 'made', 'after', 'also', 'did', 'many', 'model', 'token', 'serve', 'batch', 'cache',
] as const;

/** Text of the i-th generated token of a request (deterministic in `stream` and `i`). */
export function outputTokenText(stream: number, i: number): string {
  const k = (Math.imul(stream ^ 0x5bd1e995, 31) + Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  return ' ' + OUTPUT_WORDS[k % OUTPUT_WORDS.length];
}


/**
 * The Llama-2 chat template, which the served models use: the system prompt inside the first
 * [INST] block, user turns in [INST] ... [/INST], assistant turns after them.
 */
export function renderChatPrompt(messages: readonly ChatMessage[]): string {
  let system = '';
  let out = '';
  let pendingUser: string[] = [];
  const flushUser = () => {
    if (pendingUser.length === 0 && !system) return;
    const sys = system ? `<<SYS>>\n${system}\n<</SYS>>\n\n` : '';
    out += `<s>[INST] ${sys}${pendingUser.join('\n')} [/INST]`;
    system = '';
    pendingUser = [];
  };
  for (const m of messages) {
    if (m.role === 'system') system = system ? `${system}\n${m.content}` : m.content;
    else if (m.role === 'assistant') {
      flushUser();
      out += ` ${m.content} </s>`;
    } else pendingUser.push(m.content);
  }
  flushUser();
  return out;
}
