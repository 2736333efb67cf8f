// What an engine label such as "sim 1" or "vllm 0.11" (summary.engine: preset type and flag-set
// version) means, in words for the terminal and the report.

const NAMES: Record<string, string> = { vllm: 'vLLM', sglang: 'SGLang', trtllm: 'TensorRT-LLM', llamacpp: 'llama.cpp' };

export function describeEngine(label: string): string {
  const [type = label, version = ''] = label.split(' ');
  if (type === 'sim') return `the simulated engine (SCOOT's built-in vLLM-like simulator, vLLM 0.5 flags; preset version ${version})`;
  if (type === 'command') return 'a benchmark command (engine.evaluate), run once per configuration';
  return `${NAMES[type] ?? type} (the ${version} flag set)`;
}
