// Generates the bundled synthetic traces (traces/*.jsonl): `npx tsx scripts/make-traces.ts`.
// Seeded, so re-running reproduces the files byte for byte. Distributions are documented in
// traces/README.md; token counts use the simulator's tokenizer (src/sim/tokenizer.ts).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { mean } from '../src/core/stats.js';
import { countTokens } from '../src/sim/tokenizer.js';

const CONSONANTS = 'bcdfghklmnprstvwz';
const VOWELS = 'aeiou';

/** Pseudo-words of 1–3 syllables; most are one token, three-syllable ones are two. */
function word(rng: Rng): string {
  const syllables = rng.uniform() < 0.45 ? 1 : rng.uniform() < 0.8 ? 2 : 3;
  let w = '';
  for (let i = 0; i < syllables; i++) w += CONSONANTS[rng.int(CONSONANTS.length)] + VOWELS[rng.int(VOWELS.length)];
  return w;
}

/** Text of about `tokens` tokens (exact under the simulator's tokenizer). */
function text(rng: Rng, tokens: number): string {
  const words: string[] = [];
  let n = 0;
  while (n < tokens) {
    const w = word(rng);
    const t = Math.ceil(w.length / 5);
    if (n + t > tokens) {
      words.push('ok');
      n += 1;
      continue;
    }
    words.push(w);
    n += t;
  }
  return words.join(' ');
}

function logNormalInt(rng: Rng, median: number, sigma: number, lo: number, hi: number): number {
  const x = Math.round(median * Math.exp(sigma * rng.normal()));
  return Math.min(hi, Math.max(lo, x));
}

function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

interface Line {
  prompt: string;
  output_tokens: number;
}

const MAX_MODEL_LEN = 4096;

function checked(line: Line): Line {
  const total = countTokens(line.prompt) + line.output_tokens;
  if (total > MAX_MODEL_LEN - 32) throw new Error(`trace line of ${total} tokens exceeds the 4096-token context`);
  return line;
}

/** Chatbot (BOT): shared system prompts, some multi-turn history, long-ish replies. */
function chat(rng: Rng): Line[] {
  const systems = Array.from({ length: 6 }, (_, i) => `System: ${text(rng, intBetween(rng, 40, 160))} [persona ${i}]`);
  return Array.from({ length: 700 }, () => {
    const parts: string[] = [];
    if (rng.uniform() < 0.7) parts.push(systems[rng.int(systems.length)]);
    if (rng.uniform() < 0.3) {
      const turns = intBetween(rng, 1, 3);
      for (let t = 0; t < turns; t++) parts.push(`User: ${text(rng, logNormalInt(rng, 60, 0.7, 5, 400))}\nAssistant: ${text(rng, logNormalInt(rng, 120, 0.6, 10, 400))}`);
    }
    parts.push(`User: ${text(rng, logNormalInt(rng, 90, 0.8, 8, 1200))}\nAssistant:`);
    return checked({ prompt: parts.join('\n\n'), output_tokens: logNormalInt(rng, 120, 0.6, 16, 800) });
  });
}

/** Text-to-SQL: long database-schema prefixes shared by all questions on that database, short queries. */
function sql(rng: Rng): Line[] {
  const schemas = Array.from({ length: 5 }, (_, d) => {
    const tables: string[] = [];
    let tokens = 0;
    const target = intBetween(rng, 500, 1100);
    while (tokens < target) {
      const cols = Array.from({ length: intBetween(rng, 3, 9) }, () => `${word(rng)} ${rng.uniform() < 0.5 ? 'INT,' : 'TEXT,'}`);
      const t = `CREATE TABLE ${word(rng)} ( ${cols.join(' ')} );`;
      tables.push(t);
      tokens += countTokens(t);
    }
    return `Database db${d}. Schema:\n${tables.join('\n')}\nWrite one SQL query that answers the question.`;
  });
  return Array.from({ length: 280 }, () => checked({
    prompt: `${schemas[rng.int(schemas.length)]}\nQuestion: ${text(rng, intBetween(rng, 15, 60))}?\nSQL:`,
    output_tokens: logNormalInt(rng, 60, 0.5, 15, 300),
  }));
}

/** Classification: a shared instruction with the label set, a text of varied length, a label out. */
function cls(rng: Rng): Line[] {
  const instructions = Array.from({ length: 3 }, () => `Classify the text into one of the labels: ${text(rng, intBetween(rng, 60, 120))}. Answer with the label only.`);
  return Array.from({ length: 900 }, () => checked({
    prompt: `${instructions[rng.int(instructions.length)]}\nText: ${text(rng, logNormalInt(rng, 120, 0.7, 10, 600))}\nLabel:`,
    output_tokens: intBetween(rng, 1, 6),
  }));
}

/** Recommendation: a long shared item catalogue, a user history, a short list of picks out. */
function rec(rng: Rng): Line[] {
  const catalogues = Array.from({ length: 3 }, (_, c) => `Catalogue ${c}: ${text(rng, intBetween(rng, 500, 700))}\nRecommend items for this user.`);
  return Array.from({ length: 220 }, () => checked({
    prompt: `${catalogues[rng.int(catalogues.length)]}\nUser history: ${text(rng, logNormalInt(rng, 300, 0.5, 80, 900))}\nPicks:`,
    output_tokens: intBetween(rng, 8, 48),
  }));
}

const TRACES: Record<string, (rng: Rng) => Line[]> = { chat, sql, cls, rec };

function main(): void {
  const dir = join(process.cwd(), 'traces');
  let seed = 20250101;
  for (const [name, make] of Object.entries(TRACES)) {
    const lines = make(new Rng(seed++));
    const body = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    writeFileSync(join(dir, `${name}.jsonl`), body);
    const inTok = lines.map((l) => countTokens(l.prompt));
    const outTok = lines.map((l) => l.output_tokens);
    const avg = (xs: number[]) => mean(xs).toFixed(0);
    console.log(`${name}.jsonl: ${lines.length} lines, ${(body.length / 1024).toFixed(0)} KiB, input tokens mean ${avg(inTok)} (max ${Math.max(...inTok)}), output tokens mean ${avg(outTok)} (max ${Math.max(...outTok)})`);
  }
}

main();
