// Runnable entry for tests and demos: `npx tsx src/sim/bin.ts --port 0 --model-profile llama2-7b`.
import { simServe } from './serve-main.js';

simServe(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
