// A deterministic token-count estimate for text, used where no tokenizer is available: prompt lengths
// in traces, ShareGPT answer lengths, and workload facts such as the longest request.
//
// Rule (documented so results are reproducible):
//  - every run of Han / Hiragana / Katakana / Hangul characters counts one token per character;
//  - every run of digits counts ceil(digits / 3) tokens (cl100k-style BPEs group at most 3 digits);
//  - every other run of letters (a "word") counts ceil(length / 6) tokens, at least 1: common English
//    words are one BPE token, long words split into ~6-character pieces;
//  - every other non-space character (punctuation, symbols, emoji) counts one token;
//  - whitespace is free (BPEs fold the leading space into the next word).
// On English prose this lands within ~10-20% of GPT/Llama tokenizers, which is what workload facts
// need (they bound context lengths; the engine reports the exact count in `usage`).

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const PIECE = new RegExp(String.raw`([${CJK}])|(\p{Nd}+)|((?:(?![${CJK}])[\p{L}\p{M}])+)|(\S)`, 'gu');

export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const m of text.matchAll(PIECE)) {
    if (m[1] !== undefined) tokens += 1;
    else if (m[2] !== undefined) tokens += Math.ceil(m[2].length / 3);
    else if (m[3] !== undefined) tokens += Math.max(1, Math.ceil(m[3].length / 6));
    else tokens += 1;
  }
  return tokens;
}
