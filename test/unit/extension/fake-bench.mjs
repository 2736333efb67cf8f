// A `command`-engine benchmark for the worker tests: sleeps, then prints one JSON line of metrics
// from two knobs (x, y); `--sleep` sets how long a trial takes.
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const x = arg('x', 0.5);
const y = arg('y', 0.5);
const sleep = arg('sleep', 100);
process.stdout.write(`evaluating x=${x} y=${y}\n`);
setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ ttft_mean: 100 + 400 * (x - 0.3) ** 2 + 50 * y, tpot_mean: 20 + 30 * (y - 0.6) ** 2 + 10 * x })}\n`);
}, sleep);
