#!/usr/bin/env python3
"""Writes a random-weight llama-architecture GGUF (f16) for benchmarking llama-server.

The weights are random (seeded), so the text is gibberish, but the compute per token is that of a real
model of the same shape: what a latency/throughput benchmark needs. Two things make it usable with a
recent llama-server:

* A SentencePiece-style vocabulary built deterministically from the bundled traces (traces/*.jsonl):
  <unk>, <s>, </s>, the 256 byte-fallback tokens, then printable-ASCII pieces, so the traces' prompts
  tokenise to about as many tokens as the simulator's tokenizer counts (one token per word of up to 5
  characters, one per further 5 characters; scripts/llamacpp/README.md).
* Output restricted to normal tokens. llama-server parses generated text and fails a request whose text
  does not parse ("The model produced output that does not match the expected Content-only format");
  byte tokens can form invalid UTF-8 and control tokens are not text. So residual dimension 0 is held
  constant: every token embedding has KEEP there, and row 0 of every attn_output and ffn_down is zero,
  so no layer writes into it; after the final RMSNorm (weight 1 there) that coordinate is positive for
  every input. The output-layer rows of the non-normal tokens are -PENALTY on that coordinate and zero
  elsewhere, and the normal tokens' rows are zero on it, so every non-normal logit sits far below every
  normal one whatever the sampler does. Normal tokens are printable-ASCII pieces (with the SentencePiece
  space mark), so any sequence of them is valid UTF-8 text.

Usage:
  python3 scripts/llamacpp/make_model.py --gguf-py LLAMA_CPP/gguf-py --out model.gguf [--shape 1b|tiny] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, asdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SPACE = "\u2581"  # SentencePiece's word-boundary mark; llama.cpp renders it as a space
PIECE = 5  # the simulator's tokenizer: words split into pieces of at most 5 characters (src/sim/tokenizer.ts)
KEEP = 1.0  # value of the constant residual coordinate in every token embedding
# Logit of a non-normal token is -PENALTY * (normalised coordinate 0), which lies in (0, sqrt(n_embd)];
# PENALTY * sqrt(n_embd) stays inside the f16 range (65504) so a half-precision matmul cannot overflow.
PENALTY = 1000.0


@dataclass(frozen=True)
class Shape:
    n_layer: int
    n_embd: int
    n_head: int
    n_head_kv: int
    n_ff: int
    n_vocab: int
    n_ctx: int


SHAPES = {
    # TinyLlama-1.1B's shape, with a 4096-token context (TinyLlama has 2048): the chat trace's longest
    # request (prompt + output) is ~2,000 tokens, and the engine's default (4 slots sharing one unified
    # 4096-token KV cache) should be able to serve the trace.
    "1b": Shape(n_layer=22, n_embd=2048, n_head=32, n_head_kv=4, n_ff=5632, n_vocab=32000, n_ctx=4096),
    # Same vocabulary and context, tiny compute: for checking the scripts on a CPU.
    "tiny": Shape(n_layer=2, n_embd=64, n_head=4, n_head_kv=2, n_ff=128, n_vocab=32000, n_ctx=4096),
}

TOKEN_NORMAL, TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_BYTE = 1, 2, 3, 6
N_SPECIAL = 3 + 256  # <unk>, <s>, </s>, <0x00>..<0xFF>


def trace_pieces(trace_dir: Path) -> Counter[str]:
    """Every piece the simulator's tokenizer would cut from the traces' prompts, and every prefix of it.

    A piece that starts a word carries the space mark, as SentencePiece spells it. Prefixes are counted
    too: llama.cpp's SPM tokenizer builds a token by merging adjacent symbols, so a piece is reachable
    only if its prefixes are tokens as well.
    """
    counts: Counter[str] = Counter()
    files = sorted(trace_dir.glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no traces (*.jsonl) in {trace_dir}")
    for path in files:
        with path.open(encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                prompt = json.loads(line)["prompt"]
                for text_line in prompt.split("\n"):
                    for word in text_line.split(" "):
                        for i in range(0, len(word), PIECE):
                            piece = word[i : i + PIECE]
                            if i == 0:
                                piece = SPACE + piece
                            for k in range(1, len(piece) + 1):
                                counts[piece[:k]] += 1
    return counts


def printable(piece: str) -> bool:
    return all(c == SPACE or 0x21 <= ord(c) <= 0x7E for c in piece)


def build_vocab(n_vocab: int, trace_dir: Path) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL] + [TOKEN_BYTE] * 256
    chars = [chr(c) for c in range(0x21, 0x7F)]
    normal = [SPACE] + chars + [SPACE + c for c in chars]
    seen = set(normal)
    counts = trace_pieces(trace_dir)
    # Most frequent first; among equals the shorter first, so a kept piece's prefixes are kept too.
    for piece, _ in sorted(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0])):
        if len(tokens) + len(normal) >= n_vocab:
            break
        if piece not in seen and printable(piece):
            seen.add(piece)
            normal.append(piece)
    # A vocabulary larger than the traces need is filled with two-letter pieces (still printable).
    filler = (a + b for a in chars for b in chars)
    while len(tokens) + len(normal) < n_vocab:
        piece = next(filler)
        if piece not in seen:
            seen.add(piece)
            normal.append(piece)
    tokens += normal
    types += [TOKEN_NORMAL] * len(normal)
    # SPM merges the adjacent pair with the highest score: longer pieces win, then frequent ones.
    scores = [0.0] * N_SPECIAL + [float(len(p)) - i / len(normal) for i, p in enumerate(normal)]
    return tokens, scores, types


def tensor_specs(s: Shape) -> list[tuple[str, tuple[int, ...]]]:
    """Name and numpy shape (rows = outputs) of every tensor, in file order."""
    head_dim = s.n_embd // s.n_head
    specs: list[tuple[str, tuple[int, ...]]] = [("token_embd.weight", (s.n_vocab, s.n_embd))]
    for i in range(s.n_layer):
        b = f"blk.{i}"
        specs += [
            (f"{b}.attn_norm.weight", (s.n_embd,)),
            (f"{b}.attn_q.weight", (s.n_embd, s.n_embd)),
            (f"{b}.attn_k.weight", (s.n_head_kv * head_dim, s.n_embd)),
            (f"{b}.attn_v.weight", (s.n_head_kv * head_dim, s.n_embd)),
            (f"{b}.attn_output.weight", (s.n_embd, s.n_embd)),
            (f"{b}.ffn_norm.weight", (s.n_embd,)),
            (f"{b}.ffn_gate.weight", (s.n_ff, s.n_embd)),
            (f"{b}.ffn_up.weight", (s.n_ff, s.n_embd)),
            (f"{b}.ffn_down.weight", (s.n_embd, s.n_ff)),
        ]
    specs += [("output_norm.weight", (s.n_embd,)), ("output.weight", (s.n_vocab, s.n_embd))]
    return specs


def make_tensor(name: str, shape: tuple[int, ...], rng: np.random.Generator, normal_from: int) -> np.ndarray:
    if len(shape) == 1:  # RMSNorm weights: 1 (norms stay f32, as llama.cpp's converters write them)
        return np.ones(shape, dtype=np.float32)
    w = rng.standard_normal(shape, dtype=np.float32)
    w *= 0.02
    if name == "token_embd.weight":
        w[:, 0] = KEEP
    elif name.endswith(".attn_output.weight") or name.endswith(".ffn_down.weight"):
        w[0, :] = 0.0  # no layer writes into the constant coordinate
    elif name == "output.weight":
        w[:, 0] = 0.0
        w[:normal_from, :] = 0.0
        w[:normal_from, 0] = -PENALTY
    return w.astype(np.float16)


def write_model(out: Path, shape: Shape, seed: int, trace_dir: Path) -> dict[str, object]:
    import gguf  # from the llama.cpp source's gguf-py (added to sys.path by main)

    t0 = time.monotonic()
    tokens, scores, types = build_vocab(shape.n_vocab, trace_dir)
    normal_from = types.index(TOKEN_NORMAL)
    assert all(t == TOKEN_NORMAL for t in types[normal_from:]) and all(printable(p) for p in tokens[normal_from:])

    tmp = out.with_name(out.name + ".part")
    w = gguf.GGUFWriter(tmp, "llama")
    w.add_name(f"scoot random llama {shape.n_layer}x{shape.n_embd}")
    w.add_context_length(shape.n_ctx)
    w.add_embedding_length(shape.n_embd)
    w.add_block_count(shape.n_layer)
    w.add_feed_forward_length(shape.n_ff)
    w.add_rope_dimension_count(shape.n_embd // shape.n_head)
    w.add_head_count(shape.n_head)
    w.add_head_count_kv(shape.n_head_kv)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_vocab_size(shape.n_vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_add_space_prefix(True)

    specs = tensor_specs(shape)
    for name, dims in specs:
        dtype = np.float32 if len(dims) == 1 else np.float16
        w.add_tensor_info(name, dims, np.dtype(dtype), int(np.prod(dims)) * np.dtype(dtype).itemsize)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    rng = np.random.default_rng(seed)
    params = 0
    for name, dims in specs:
        t = make_tensor(name, dims, rng, normal_from)
        params += t.size
        w.write_tensor_data(t)
    w.close()
    os.replace(tmp, out)
    return {
        "path": str(out),
        "bytes": out.stat().st_size,
        "parameters": params,
        "normal_tokens": len(tokens) - normal_from,
        "seconds": round(time.monotonic() - t0, 1),
        "seed": seed,
        **asdict(shape),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gguf-py", required=True, type=Path, help="llama.cpp's gguf-py folder (from the same source tree)")
    ap.add_argument("--out", required=True, type=Path, help="GGUF file to write (skipped when it exists, unless --force)")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="1b")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--traces", type=Path, default=REPO / "traces", help="folder of *.jsonl traces the vocabulary is built from")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    if not (args.gguf_py / "gguf" / "__init__.py").is_file():
        print(f"--gguf-py {args.gguf_py}: no gguf package there (expected LLAMA_CPP/gguf-py)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.gguf_py))
    info_path = args.out.with_name(args.out.name + ".json")
    if args.out.exists() and info_path.exists() and not args.force:
        print(f"{args.out} already written: {info_path.read_text().strip()}")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    info = write_model(args.out, SHAPES[args.shape], args.seed, args.traces)
    info["shape"] = args.shape
    info_path.write_text(json.dumps(info) + "\n")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
