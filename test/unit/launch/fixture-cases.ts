// The launch-file fixtures (test/fixtures/launch/, after public examples: vLLM, SGLang, TensorRT-LLM and
// llama.cpp docs and repositories, Helm output, LWS and KServe manifests) with the engine command each
// holds and a configuration to write into it.

import type { Params } from '../../../src/core/types.js';

export interface FixtureCase {
  file: string;
  engine: 'vllm' | 'sglang' | 'trtllm' | 'llamacpp' | 'sim';
  version?: string;
  /** The engine argv the file holds (implied entrypoint included). */
  argv: string[];
  params: Params;
  /** Text the patched file must contain. */
  contains: string[];
  /** Text the patched file must no longer contain. */
  absent?: string[];
}

export const CASES: FixtureCase[] = [
  {
    file: 'vllm-nohup.sh',
    engine: 'vllm',
    argv: ['vllm', 'serve', 'Qwen/Qwen3-14B', '--tensor-parallel-size', '4', '--host', '0.0.0.0', '--port', '8000', '--dtype', 'bfloat16', '--gpu-memory-utilization', '0.90', '--max-model-len', '16384'],
    params: { 'tensor-parallel-size': 2, 'gpu-memory-utilization': 0.9, 'max-num-seqs': 512, 'enable-prefix-caching': false },
    contains: ['    --tensor-parallel-size 2 \\\n', '--gpu-memory-utilization 0.90', '    --max-model-len 16384 \\\n    --max-num-seqs 512 \\\n    --no-enable-prefix-caching > logs/vllm_server3.log 2>&1 &\n'],
  },
  {
    file: 'vllm-srun.sh',
    engine: 'vllm',
    argv: ['vllm', 'serve', '/mnt/models/Qwen2.5-72B-Instruct', '--port', '18901', '--gpu-memory-utilization', '0.8', '--max-model-len', '32768', '--tensor-parallel-size', '8', '--served-model-name', 'judge', '--trust-remote-code', '--disable-log-requests'],
    params: { 'tensor-parallel-size': 4, 'max-num-batched-tokens': 8192, 'enforce-eager': true },
    contains: ['--job-name=judge \\\nvllm serve', '    --tensor-parallel-size 4 \\\n', '    --disable-log-requests \\\n    --max-num-batched-tokens 8192 \\\n    --enforce-eager\n'],
  },
  {
    file: 'vllm-legacy-sbatch.sh',
    engine: 'vllm',
    version: '0.5',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'codellama/CodeLlama-13b-hf', '--port', '8070', '--tensor-parallel-size', '4', '--max-num-seqs', '2000', '--enable-chunked-prefill', 'False'],
    params: { 'max-num-seqs': 256, 'enable-chunked-prefill': true, 'scheduler-delay-factor': 0.15, 'use-v2-block-manager': false },
    contains: ['#SBATCH --gres=gpu:A6000:4\n', '--max-num-seqs 256 --enable-chunked-prefill --scheduler-delay-factor 0.15\n'],
    absent: ['False'],
  },
  {
    file: 'vllm-env-defaults.sh',
    engine: 'vllm',
    argv: ['vllm', 'serve', '$MODEL_DIR', '--served-model-name', 'chat-model', '--max-num-seqs', '${MAX_NUM_SEQS:-256}', '--gpu-memory-utilization=$GPU_UTIL', '--chat-template', '$(dirname "$0")/template.jinja', '--no-enable-prefix-caching', '--port', '${PORT:-8000}'],
    params: { 'max-num-seqs': 128, 'gpu-memory-utilization': 0.88, 'enable-prefix-caching': true, 'block-size': 32 },
    contains: ['--max-num-seqs "${MAX_NUM_SEQS:-128}" \\\n', '--gpu-memory-utilization=0.88 \\\n', '    --enable-prefix-caching \\\n', '    --port "${PORT:-8000}" \\\n    --block-size 32\nfi\n', "--served-model-name 'chat-model'", '--chat-template "$(dirname "$0")/template.jinja"'],
  },
  {
    file: 'vllm-docker-run.sh',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'Qwen/Qwen2.5-Coder-0.5B-Instruct', '--max_model_len', '1024', '--max_num_seqs', '64', '--api_key', 'EMPTY'],
    params: { 'max-num-seqs': 32, 'gpu-memory-utilization': 0.8 },
    contains: ['    --max_num_seqs 32 \\\n', '    --api_key "EMPTY" \\\n    --gpu-memory-utilization 0.8\n', '--env "HF_HUB_OFFLINE=1"'],
  },
  {
    file: 'sglang-launch.sh',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model-path', 'meta-llama/Llama-3.1-8B-Instruct', '--tp', '2', '--mem-fraction-static=0.85', '--chat-template=llama-3', '--schedule-policy', 'lpm', '--host', '0.0.0.0', '--port', '30000'],
    params: { 'tp-size': 1, 'mem-fraction-static': 0.9, 'schedule-policy': 'fcfs', 'chunked-prefill-size': 2048, 'disable-radix-cache': true },
    contains: ["--tp 1 --mem-fraction-static=0.9 --chat-template='llama-3' --schedule-policy fcfs --host 0.0.0.0 --port 30000 --chunked-prefill-size 2048 --disable-radix-cache # serve\n"],
  },
  {
    file: 'sglang-bash-c.sh',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model-path', '$MODEL', '--chunked-prefill-size', '4096', '--disable-radix-cache', '--port', '30000'],
    params: { 'chunked-prefill-size': 8192, 'disable-radix-cache': false, 'max-running-requests': 256 },
    contains: ['bash -lc "source ~/miniconda3/bin/activate sglang && python3 -m sglang.launch_server --model-path \\"$MODEL\\" --chunked-prefill-size 8192 --port 30000 --max-running-requests 256"\n'],
  },
  {
    file: 'trtllm-serve.sh',
    engine: 'trtllm',
    argv: ['trtllm-serve', '/userdata/llms/deepseek-ai/DeepSeek-R1', '--backend', 'pytorch', '--tp_size', '8', '--pp_size', '1', '--ep_size', '4', '--max_batch_size', '161', '--max_num_tokens', '1160', '--kv_cache_free_gpu_memory_fraction', '0.8', '--trust_remote_code'],
    params: { max_batch_size: 256, max_num_tokens: 4096, kv_cache_free_gpu_memory_fraction: 0.85, enable_block_reuse: false },
    contains: ['            --max_batch_size 256 \\\n', '            --max_num_tokens 4096 \\\n', '            --trust_remote_code \\\n            --extra_llm_api_options extra_llm_api_options.yaml\n'],
    absent: ['--kv_cache_free_gpu_memory_fraction'],
  },
  {
    file: 'trtllm-serve-tee.sh',
    engine: 'trtllm',
    argv: ['trtllm-serve', 'serve', '$MODEL_PATH', '--host', '0.0.0.0', '--port', '6000', '--backend', 'pytorch', '--max_seq_len', '8192', '--max_batch_size', '$BATCH_SIZE'],
    params: { max_batch_size: 64, max_num_tokens: 8192 },
    contains: ['    --max_batch_size 64 \\\n    --max_num_tokens 8192 2>&1 | tee logs/$TIMESTAMP.log\n', '# export CUDA_LAUNCH_BLOCKING=1\n'],
  },
  {
    file: 'llama-server.sh',
    engine: 'llamacpp',
    argv: ['llama.cpp/build/bin/llama-server', '--model', 'models/mistral-7b-q4.gguf', '--ctx-size', '256', '--threads', '1', '-np', '4', '-fa', '--port', '11434'],
    params: { parallel: 8, 'ctx-size': 8192, 'flash-attn': 'on', 'cont-batching': true },
    contains: [' --ctx-size 8192 \\\n', ' -np 8 --flash-attn on \\\n', ' --port 11434 \\\n --cont-batching\n'],
  },
  {
    file: 'llama-docker-run.sh',
    engine: 'llamacpp',
    argv: ['/app/llama-server', '-m', '/models/$MODEL_FILENAME', '--host', '0.0.0.0', '--port', '8080', '--ctx-size', '16384', '--parallel', '8', '--n-gpu-layers', '20'],
    params: { parallel: 16, 'ctx-size': 32768, 'ubatch-size': 256 },
    contains: ['ghcr.io/ggml-org/llama.cpp:server -m /models/$MODEL_FILENAME --host 0.0.0.0 --port 8080 --ctx-size 32768 --parallel 16 --n-gpu-layers 20 --ubatch-size 256\n'],
  },
  {
    file: 'sim-serve.sh',
    engine: 'sim',
    argv: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--max-num-seqs=256', '--block-size=16', '--enable-prefix-caching'],
    params: { 'max-num-seqs': 1024, 'block-size': 32, 'enable-prefix-caching': false, 'max-num-batched-tokens': 4096 },
    contains: ['  --max-num-seqs=1024 --block-size=32 \\\n  --max-num-batched-tokens=4096\n'],
    absent: ['--enable-prefix-caching'],
  },
  {
    file: 'Dockerfile.vllm-exec',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', '/app/model', '--served-model-name', 'qwen3', '--dtype', 'half', '--max-model-len', '16384', '--gpu-memory-utilization', '0.85'],
    params: { 'gpu-memory-utilization': 0.92, 'max-num-seqs': 64, 'enforce-eager': true },
    contains: ['     # these two are for the small GPU\n', '     "--gpu-memory-utilization", "0.92", \\\n     "--max-num-seqs", "64", \\\n     "--enforce-eager"]\n'],
  },
  {
    file: 'Dockerfile.vllm-shell',
    engine: 'vllm',
    argv: ['python', '-m', 'vllm.entrypoints.openai.api_server', '--model', '$model', '--tensor-parallel-size', '$gpu'],
    params: { 'tensor-parallel-size': 2, 'max-num-seqs': 128 },
    contains: ['CMD python -m vllm.entrypoints.openai.api_server --model $model --tensor-parallel-size 2 --max-num-seqs 128\n'],
  },
  {
    file: 'Dockerfile.sglang',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model-path', '/models/Qwen2.5-7B-Instruct', '--host', '0.0.0.0', '--port', '30000', '--max-running-requests', '128'],
    params: { 'max-running-requests': 512, 'schedule-policy': 'lpm' },
    contains: ['CMD ["/bin/bash", "-c", "python3 -m sglang.launch_server --model-path \\"/models/Qwen2.5-7B-Instruct\\" --host 0.0.0.0 --port 30000 --max-running-requests 512 --schedule-policy lpm"]\n', '    # tracing for the router\n'],
  },
  {
    file: 'Dockerfile.llamacpp',
    engine: 'llamacpp',
    argv: ['/app/llama-server', '-m', '/models/model.gguf', '--host', '0.0.0.0', '-c', '8192', '-np', '4'],
    params: { 'ctx-size': 16384, parallel: 4, 'batch-size': 1024 },
    contains: ['CMD ["-m", "/models/model.gguf", "--host", "0.0.0.0", "-c", "16384", "-np", "4", "--batch-size", "1024"]\n'],
  },
  {
    file: 'docker-compose.sglang.yml',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model-path', 'meta-llama/Meta-Llama-3.1-8B-Instruct', '--host', '0.0.0.0', '--port', '30000'],
    params: { 'mem-fraction-static': 0.8, 'enable-mixed-chunk': true },
    contains: ['    command:\n      --model-path meta-llama/Meta-Llama-3.1-8B-Instruct\n      --host 0.0.0.0\n      --port 30000\n      --mem-fraction-static 0.8\n      --enable-mixed-chunk\n    ulimits:\n', '    # Or you can only publish port 30000\n'],
  },
  {
    file: 'docker-compose.vllm-folded.yml',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', '${MODEL:-Infermatic/Llama-3.3-70B-Instruct-FP8-Dynamic}', '--host', '0.0.0.0', '--port', '8000', '--tensor-parallel-size', '${TENSOR_PARALLEL_SIZE:-2}', '--max-model-len', '${MAX_MODEL_LEN:-8000}', '--gpu-memory-utilization', '0.95', '--trust-remote-code', '--max-num-seqs', '${MAX_NUM_SEQS:-128}'],
    params: { 'tensor-parallel-size': 2, 'gpu-memory-utilization': 0.9, 'max-num-seqs': 384, 'long-prefill-token-threshold': 512 },
    contains: ['      --gpu-memory-utilization 0.9\n', '      --max-num-seqs ${MAX_NUM_SEQS:-384}\n      --long-prefill-token-threshold 512\n    deploy:\n', '--tensor-parallel-size ${TENSOR_PARALLEL_SIZE:-2}'],
  },
  {
    file: 'compose.llamacpp-list.yaml',
    engine: 'llamacpp',
    argv: ['./llama-server', '-m', '/app/models/${MODEL_FILE}', '--ctx-size', '${CTX_SIZE:-2048}', '--n-gpu-layers', '99', '--host', '0.0.0.0'],
    params: { 'ctx-size': 4096, parallel: 2, 'flash-attn': 'on' },
    contains: ['      - "4096"\n', '      - "99"   # all layers on the GPU\n', '      - "0.0.0.0"\n      - "--parallel"\n      - "2"\n      - "--flash-attn"\n      - "on"\n'],
  },
  {
    file: 'docker-compose.vllm-flow.yml',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--model', '/models', '--served-model-name', 'qwen2-7b', '--max-num-seqs', '256', '--enforce-eager'],
    params: { 'max-num-seqs': 128, 'enforce-eager': false, 'block-size': 32 },
    contains: [`command: ["--model", "/models", "--served-model-name", 'qwen2-7b', "--max-num-seqs", "128", "--block-size", "32"] # tuned later\n`],
    absent: ['--enforce-eager'],
  },
  {
    file: 'k8s-sglang-service.yaml',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model-path', 'meta-llama/Meta-Llama-3.1-8B-Instruct', '--host', '0.0.0.0', '--port', '30000'],
    params: { 'max-running-requests': 1024, 'schedule-conservativeness': 0.8 },
    contains: ['args: ["--model-path", "meta-llama/Meta-Llama-3.1-8B-Instruct", "--host", "0.0.0.0", "--port", "30000", "--max-running-requests", "1024", "--schedule-conservativeness", "0.8"]\n', '      targetPort: 30000  # port in container\n'],
  },
  {
    file: 'k8s-vllm-sh-c.yaml',
    engine: 'vllm',
    argv: ['vllm', 'serve', 'mistralai/Mistral-7B-Instruct-v0.3', '--trust-remote-code', '--max_num_batched_tokens', '1024'],
    params: { 'max-num-batched-tokens': 4096, 'max-num-seqs': 128 },
    contains: ['          "vllm serve mistralai/Mistral-7B-Instruct-v0.3 --trust-remote-code --max_num_batched_tokens 4096 --max-num-seqs 128"\n'],
  },
  {
    file: 'k8s-sglang-sts-block.yaml',
    engine: 'sglang',
    argv: ['python3', '-m', 'sglang.launch_server', '--model', '/llm-folder', '--dist-init-addr', 'sglang-master-pod:5000', '--tensor-parallel-size', '16', '--nnodes', '2', '--node-rank', '$POD_INDEX', '--trust-remote-code', '--host', '0.0.0.0', '--port', '8000', '--enable-metrics', '--expert-parallel-size', '16'],
    params: { 'tp-size': 16, 'chunked-prefill-size': 8192, 'num-continuous-decode-steps': 2 },
    contains: ['          --expert-parallel-size 16 \\\n          --chunked-prefill-size 8192 \\\n          --num-continuous-decode-steps 2\n        env:\n', '        # NOTE: the --expert-parallel-size is for MoE model like DeepSeek-R1\n'],
  },
  {
    file: 'kserve-vllm.yaml',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--port', '8080', '--model', '/mnt/models', '--max-num-seqs', '128'],
    params: { 'max-num-seqs': 256, 'gpu-memory-utilization': 0.85, 'async-scheduling': true },
    contains: ["        - '256'\n        - --gpu-memory-utilization\n        - '0.85'\n        - --async-scheduling\n        command:\n"],
  },
  {
    file: 'lws-vllm.yaml',
    engine: 'vllm',
    argv: ['python3', '-m', 'vllm.entrypoints.openai.api_server', '--port', '8080', '--model', 'meta-llama/Meta-Llama-3.1-405B-Instruct', '--tensor-parallel-size', '8', '--pipeline_parallel_size', '2'],
    params: { 'tensor-parallel-size': 8, 'max-num-seqs': 64, 'disable-custom-all-reduce': true },
    contains: ['--tensor-parallel-size 8 --pipeline_parallel_size 2 --max-num-seqs 64 --disable-custom-all-reduce"\n', 'worker --ray_address=$(LWS_LEADER_ADDRESS)"\n'],
  },
  {
    file: 'helm-rendered-vllm.yaml',
    engine: 'vllm',
    argv: ['vllm', 'serve', 'meta-llama/Llama-3.1-8B-Instruct', '--host', '0.0.0.0', '--port', '8000', '--max-num-seqs=256', '--max-num-batched-tokens=2048', '--enable-prefix-caching', '--gpu-memory-utilization=0.9'],
    params: { 'max-num-seqs': 512, 'max-num-batched-tokens': 2048, 'enable-prefix-caching': false, 'gpu-memory-utilization': 0.93, 'block-size': 32 },
    contains: ['          - "--max-num-seqs=512"\n          - "--max-num-batched-tokens=2048"\n          - "--no-enable-prefix-caching"\n          - \'--gpu-memory-utilization=0.93\'\n          - "--block-size=32"\n          ports:\n'],
  },
];
