// Entry of a benchmark worker thread when running from TypeScript sources (tests, tsx).
import { runBenchmarkWorker } from './pool.js';

void runBenchmarkWorker();
