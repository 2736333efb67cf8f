// Entry of a benchmark worker thread started from TypeScript sources by the tests (tsx's require hook).
import { runBenchmarkWorker } from '../../../src/core/benchmark/pool.js';

void runBenchmarkWorker();
