#!/usr/bin/env python3
"""Starts llama-server on a model, checks it end to end the way a scoot trial uses it, and stops it.

What is checked (each a line of the JSON result; exit code 1 if any fails):
  * the server becomes healthy (GET /health answers 200);
  * N streaming /v1/completions requests with prompts from the chat trace, sent CONCURRENCY at a time,
    with the body scoot sends (max_tokens from the trace, capped by --max-tokens; ignore_eos; stream with
    include_usage): every one answers HTTP 200, streams valid JSON events, no error event, text that is
    valid UTF-8, and exactly max_tokens generated tokens (usage.completion_tokens);
  * the prompt token counts llama.cpp reports, against the simulator's count of the same prompts
    (scoot's trace facts, src/sim/tokenizer.ts): the ratio is printed, so a vocabulary that tokenises far
    longer than the traces say is seen before a study relies on the per-slot constraint;
  * GET /metrics (started with --metrics) serves the llamacpp: counters scoot reads.
The server is stopped (SIGTERM, then SIGKILL) whatever happens, and its log kept at --log.

Usage:
  python3 scripts/llamacpp/check_server.py --server BUILD/bin/llama-server --model model.gguf \
      [--requests 32] [--concurrency 8] [--max-tokens 64] [--ngl 99] [--log check.log] [-- extra server args]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PIECE = 5
METRICS = ["llamacpp:prompt_tokens_total", "llamacpp:prompt_seconds_total", "llamacpp:tokens_predicted_total",
           "llamacpp:tokens_predicted_seconds_total", "llamacpp:n_decode_total", "llamacpp:requests_processing",
           "llamacpp:requests_deferred", "llamacpp:n_busy_slots_per_decode"]


def sim_tokens(text: str) -> int:
    """The simulator's tokenizer count: one token per whitespace word of up to 5 characters, one more per 5 more."""
    return sum((len(w) + PIECE - 1) // PIECE for w in text.split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"llama-server exited with code {proc.returncode} before it was ready")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama-server not healthy after {timeout:.0f} s")


def stream_completion(port: int, prompt: str, max_tokens: int, timeout: float) -> dict[str, object]:
    body = json.dumps({"model": "m", "prompt": prompt, "max_tokens": max_tokens, "ignore_eos": True,
                       "stream": True, "stream_options": {"include_usage": True}})
    t0 = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("POST", "/v1/completions", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    if r.status != 200:
        return {"ok": False, "why": f"HTTP {r.status}: {r.read().decode('utf-8', 'replace')[:300]}"}
    text = b""
    usage: dict[str, int] | None = None
    ttft = None
    done = False
    events = 0
    for raw in r:
        line = raw.strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            done = True
            break
        try:
            ev = json.loads(data)
        except ValueError:
            return {"ok": False, "why": f"event is not JSON: {data[:200]!r}"}
        if "error" in ev:
            return {"ok": False, "why": f"error event: {json.dumps(ev['error'])[:300]}"}
        events += 1
        for ch in ev.get("choices") or []:
            piece = ch.get("text") or ""
            if piece and ttft is None:
                ttft = time.monotonic() - t0
            text += piece.encode("utf-8")
        if ev.get("usage"):
            usage = ev["usage"]
    if not done:
        return {"ok": False, "why": "stream ended without [DONE]"}
    try:
        text.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        return {"ok": False, "why": f"output is not valid UTF-8: {e}"}
    got = (usage or {}).get("completion_tokens")
    if got != max_tokens:
        return {"ok": False, "why": f"{got} tokens generated, {max_tokens} asked (ignore_eos)"}
    return {"ok": True, "prompt_tokens": (usage or {}).get("prompt_tokens"), "ttft": ttft,
            "seconds": time.monotonic() - t0, "text": text.decode("utf-8")[:80], "events": events}


def read_trace(path: Path, n: int) -> list[dict[str, object]]:
    rows = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    # The same requests every time: evenly spaced through the file, so long and short prompts both occur.
    step = max(1, len(rows) // n)
    return [rows[(i * step) % len(rows)] for i in range(n)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True, type=Path)
    ap.add_argument("--model", required=True, type=Path)
    ap.add_argument("--trace", type=Path, default=REPO / "traces" / "chat.jsonl")
    ap.add_argument("--requests", type=int, default=32)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--max-tokens", type=int, default=64, help="cap on the trace's output_tokens per request")
    ap.add_argument("--ngl", default="99", help="-ngl for llama-server (layers on the GPU; ignored by a CPU build)")
    ap.add_argument("--ready-timeout", type=float, default=300)
    ap.add_argument("--request-timeout", type=float, default=300)
    ap.add_argument("--log", type=Path, default=Path("check-server.log"))
    ap.add_argument("extra", nargs="*", help="more llama-server arguments (after --)")
    args = ap.parse_args()
    for p, what in ((args.server, "--server"), (args.model, "--model"), (args.trace, "--trace")):
        if not p.exists():
            print(f"{what} {p}: not found", file=sys.stderr)
            return 2

    port = free_port()
    argv = [str(args.server), "-m", str(args.model), "-ngl", args.ngl, "--host", "127.0.0.1", "--port", str(port), "--metrics", *args.extra]
    args.log.parent.mkdir(parents=True, exist_ok=True)
    log = args.log.open("wb")
    t_launch = time.monotonic()
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    result: dict[str, object] = {"argv": argv[1:], "log": str(args.log)}
    failures: list[str] = []
    try:
        result["ready_seconds"] = round(wait_healthy(port, proc, args.ready_timeout), 2)
        rows = read_trace(args.trace, args.requests)
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [pool.submit(stream_completion, port, str(r["prompt"]), min(int(r["output_tokens"]), args.max_tokens), args.request_timeout) for r in rows]
            outcomes = []
            for f in futures:
                try:
                    outcomes.append(f.result())
                except Exception as e:  # a connection error is a failed request, not a crash of the check
                    outcomes.append({"ok": False, "why": f"{type(e).__name__}: {e}"})
        wall = time.monotonic() - t0
        ok = [o for o in outcomes if o["ok"]]
        bad = [o for o in outcomes if not o["ok"]]
        result["requests"] = len(outcomes)
        result["failed"] = len(bad)
        result["load_seconds"] = round(wall, 2)
        if bad:
            failures.append(f"{len(bad)} of {len(outcomes)} requests failed; first: {bad[0]['why']}")
            result["failures"] = sorted({str(o["why"])[:200] for o in bad})[:5]
        pairs = [(int(o["prompt_tokens"]), sim_tokens(str(r["prompt"]))) for o, r in zip(outcomes, rows) if o["ok"] and o.get("prompt_tokens")]
        if pairs:
            result["prompt_tokens_vs_sim"] = round(sum(a for a, _ in pairs) / sum(b for _, b in pairs), 3)
            result["prompt_tokens_max_ratio"] = round(max(a / b for a, b in pairs), 3)
        if ok:
            ttfts = sorted(float(o["ttft"]) for o in ok if o.get("ttft") is not None)
            if ttfts:
                result["ttft_median_ms"] = round(1000 * ttfts[len(ttfts) // 2], 1)
            result["sample_text"] = ok[0]["text"]
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/metrics")
        m = c.getresponse()
        exposition = m.read().decode("utf-8", "replace")
        if m.status != 200:
            failures.append(f"/metrics answered HTTP {m.status}")
        else:
            missing = [n for n in METRICS if f"\n{n} " not in "\n" + exposition]
            if missing:
                failures.append(f"/metrics lacks {', '.join(missing)}")
            result["metrics"] = {l.split(" ")[0]: float(l.split(" ")[1]) for l in exposition.splitlines() if l.startswith("llamacpp:") and " " in l}
    except Exception as e:
        failures.append(str(e))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        result["total_seconds"] = round(time.monotonic() - t_launch, 2)
    result["ok"] = not failures
    if failures:
        result["problems"] = failures
    print(json.dumps(result))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
