#!/usr/bin/env python3
"""One step of the llama.cpp comparison on a GPU machine, finished before a deadline.

Each step does whatever is not done yet, in order, and keeps what it finished in the work folder (an
ignored folder that survives back-to-back calls on the same machine; a fresh machine starts over):

  1. node: unpack the carried node binary (CARRY/node.xz);
  2. source: unpack the carried llama.cpp subset (CARRY/llama.cpp-src.tar.xz, from source-subset.sh);
  3. build: llama-server for CUDA sm_90 (build.sh; --cpu for a CPU build), skipped when built;
  4. model: the random-weight GGUF (make_model.py), skipped when written;
  5. check: llama-server end to end (check_server.py), once;
  6. studies: the comparison through the scoot CLI (CARRY/dist/cli.js tune), one study per algorithm and
     optimiser seed (--seeds 0,1,2: folders scoot-s0, random-s0, scoot-s1, ...), in turns, budget stage by
     stage (--stages 8,16: every study reaches 8, then every study 16), so a step cut short leaves every
     algorithm with the same number of seeds and trials; each `--resume`d where the last step stopped. A
     study is interrupted (SIGINT: scoot stops its engine and keeps every finished trial) when the deadline
     would fall inside its next trial, right after a trial ends, so little is thrown away. How long a trial
     may take is the longest one measured so far in any study of this run (same engine and workload), or
     --trial-guess before the first.

Whatever happens, OUT receives: step.json (what each part did and how long it took), check.json,
help.txt (this build's llama-server --help) and studies.tar.xz (the study folders with every trial's
engine log, the run's config, the model's description and the build and check logs).

  python3 scripts/llamacpp/gpu_step.py --out "$OUT" --deadline 570 [--seeds 0,1,2] [--stages 8,16]
      [--early-stop auto|on|off] [--cpu --shape tiny]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
T0 = time.monotonic()


def now() -> float:
    return time.monotonic() - T0


class Step:
    """step.json: appended to as parts finish, written out after each, so a killed step still reports."""

    def __init__(self, out: Path, args: argparse.Namespace) -> None:
        self.out = out
        self.data: dict[str, object] = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "deadline_s": args.deadline, "parts": []}

    def part(self, name: str, **info: object) -> None:
        entry = {"part": name, "at_s": round(now(), 1), **info}
        self.data["parts"].append(entry)  # type: ignore[union-attr]
        print(json.dumps(entry), flush=True)
        self.write()

    def write(self) -> None:
        self.data["elapsed_s"] = round(now(), 1)
        (self.out / "step.json").write_text(json.dumps(self.data, indent=1) + "\n")


def run(argv: list[str], log: Path, timeout: float, env: dict[str, str] | None = None) -> tuple[int, float]:
    """Runs argv (own process group, output to log) for at most `timeout` seconds; returns (rc, seconds). rc 124 = timed out."""
    t = time.monotonic()
    with log.open("wb") as f:
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        try:
            rc = p.wait(timeout=max(1.0, timeout))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            rc = 124
    return rc, round(time.monotonic() - t, 1)


def tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def unpack_node(carry: Path, work: Path) -> Path:
    node = work / "bin" / "node"
    packed = carry / "node.xz"
    stamp = work / "bin" / "node.sha256"
    if node.exists() and stamp.exists() and stamp.read_text() == sha256(packed):
        return node
    node.parent.mkdir(parents=True, exist_ok=True)
    part = node.with_suffix(".part")
    with lzma.open(packed) as src, part.open("wb") as f:  # Python's own xz: the machine may lack the xz tool
        shutil.copyfileobj(src, f, 1 << 20)
    part.chmod(0o755)
    part.replace(node)
    stamp.write_text(sha256(packed))
    return node


def unpack_source(carry: Path, work: Path) -> Path:
    packed = carry / "llama.cpp-src.tar.xz"
    src = work / "src" / "llama.cpp"
    stamp = work / "src" / "tarball.sha256"
    digest = sha256(packed)
    if src.exists() and stamp.exists() and stamp.read_text() == digest:
        return src
    shutil.rmtree(work / "src", ignore_errors=True)
    (work / "src").mkdir(parents=True)
    with tarfile.open(packed, "r:xz") as tar:
        tar.extractall(work / "src", filter="data") if sys.version_info >= (3, 12) else tar.extractall(work / "src")
    stamp.write_text(digest)
    return src


def missing_libraries(binary: Path) -> list[str]:
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines() if "not found" in line]


def ensure_libraries(binary: Path) -> dict[str, object]:
    """If the loader cannot find a CUDA library the build linked (libcublas, libcudart), point
    LD_LIBRARY_PATH at the toolkit's library folders; every process started later inherits it."""
    missing = missing_libraries(binary)
    if not missing:
        return {"missing": []}
    dirs = [str(d) for pattern in ("/usr/local/cuda*/lib64", "/usr/local/cuda*/targets/*/lib", "/usr/lib/x86_64-linux-gnu")
            for d in sorted(Path("/").glob(pattern.lstrip("/"))) if d.is_dir()]
    os.environ["LD_LIBRARY_PATH"] = ":".join([*dirs, *filter(None, [os.environ.get("LD_LIBRARY_PATH")])])
    return {"missing": missing, "LD_LIBRARY_PATH": os.environ["LD_LIBRARY_PATH"], "still_missing": missing_libraries(binary)}


def records(study: Path) -> list[dict[str, object]]:
    path = study / "observations.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass  # a torn last line: scoot repairs it on --resume
    return out


def tuning_count(study: Path) -> int:
    return sum(1 for r in records(study) if r.get("source") != "robustness")


def trial_seconds(study: Path, default: bool | None = None) -> list[float]:
    """Seconds each trial took; default=True only the default's, False only the others, None all."""
    from datetime import datetime

    out = []
    for r in records(study):
        if default is not None and (r.get("source") == "default") != default:
            continue
        try:
            a = datetime.fromisoformat(str(r["startedAt"]).replace("Z", "+00:00"))
            b = datetime.fromisoformat(str(r["endedAt"]).replace("Z", "+00:00"))
            out.append((b - a).total_seconds())
        except (KeyError, ValueError):
            pass
    return out


def longest_trial(studies: Path, guess: float, default: bool) -> float:
    """The longest trial of the kind that comes next (the default, or a tuned configuration) measured in any
    study of this run (one engine, one workload), or the guess before any. The default always runs to its
    end (about 30 s on the H200), while tuned trials that saturate are stopped early, so the two are told apart."""
    measured = [t for d in (sorted(studies.iterdir()) if studies.exists() else []) if d.is_dir() for t in trial_seconds(d, default)]
    return max(measured) if measured else guess


def tune(node: Path, cli: Path, config: Path, study: Path, algorithm: str, seed: int, budget: int, deadline: float, guess: float, margin: float, events: Path) -> dict[str, object]:
    """`scoot tune --resume` up to `budget`, stopped with SIGINT before the deadline, at a trial boundary when it can be."""
    argv = [str(node), str(cli), "tune", "-c", str(config), "--study", str(study), "--optimizer", algorithm, "--seed", str(seed), "--budget", str(budget), "--resume", "--json"]
    before = tuning_count(study)
    t = time.monotonic()
    with events.open("ab") as f:
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, cwd=REPO)
        seen = before
        interrupted = None
        while p.poll() is None:
            time.sleep(0.5)
            left = deadline - now()
            count = tuning_count(study)
            longest = longest_trial(study.parent, guess, count == 0)
            if count >= budget:
                continue  # done: it is writing its summary and report and exits by itself
            if interrupted is None and (left < margin or (count > seen and left < longest + margin)):
                # A trial just ended and the next one might not: stop now, losing only the next one's start.
                p.send_signal(signal.SIGINT)
                interrupted = {"at_s": round(now(), 1), "left_s": round(left, 1), "longest_trial_s": round(longest, 1)}
            elif interrupted is not None and now() - float(interrupted["at_s"]) > 30:
                p.send_signal(signal.SIGINT)  # the second Ctrl-C: scoot kills its engines at once
                time.sleep(5)
                if p.poll() is None:
                    p.kill()
            seen = count
    return {"study": study.name, "algorithm": algorithm, "seed": seed, "budget": budget, "rc": p.returncode, "trials_before": before,
            "trials_after": tuning_count(study), "seconds": round(time.monotonic() - t, 1), **({"interrupted": interrupted} if interrupted else {})}


def restore_studies(carry: Path, work: Path) -> dict[str, object] | None:
    """A fresh machine (the last one was given back) continues the studies a previous step brought back:
    CARRY/resume/studies.tar.xz, that step's OUT/studies.tar.xz. A machine that kept its work folder
    keeps its own, newer, studies."""
    packed = carry / "resume" / "studies.tar.xz"
    if (work / "studies").exists() or not packed.exists():
        return None
    with tarfile.open(packed, "r:xz") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("studies/") and (m.isfile() or m.isdir())]
        if sys.version_info >= (3, 12):
            tar.extractall(work, members=members, filter="data")
        else:
            tar.extractall(work, members=members)
    return {"from": str(packed), "trials": {d.name: tuning_count(d) for d in sorted((work / "studies").iterdir()) if d.is_dir()}}


def cli_knows_early_stop(cli: Path) -> bool:
    """Whether the carried scoot build has issue 15's early stop (its config field earlyStop.maxDrainSec)."""
    try:
        return "maxDrainSec" in cli.read_text(errors="replace")
    except OSError:
        return False


def render_config(template: Path, dest: Path, server: Path, model: Path, trace: Path, duration: float | None, rate: float | None, early_stop: dict[str, object] | None) -> None:
    text = template.read_text()
    text = text.replace("@LLAMA_SERVER@", str(server)).replace("@MODEL@", str(model)).replace("@TRACE@", str(trace))
    config = json.loads(text)
    if duration is not None:
        config["workload"]["durationSec"] = duration
    if rate is not None:
        config["workload"]["rate"] = rate
    if early_stop is not None:
        config["earlyStop"] = early_stop  # one config for every study: on (or off) for both algorithms alike
    dest.write_text(json.dumps(config, indent=2) + "\n")


def pack(out: Path, work: Path) -> None:
    """studies.tar.xz: the study folders and the logs and descriptions that explain them."""
    part = out / "studies.tar.xz.part"
    with tarfile.open(part, "w:xz") as tar:
        for rel in ["studies", "scoot.config.json", "check-server.log", "build.configure.log", "model"]:
            path = work / rel
            if not path.exists():
                continue
            if rel == "model":
                for info in sorted(path.glob("*.json")):
                    tar.add(info, arcname=f"model/{info.name}")
            else:
                tar.add(path, arcname=rel)
        commit = work / "src" / "llama.cpp" / "COMMIT"
        if commit.exists():
            tar.add(commit, arcname="llama.cpp.COMMIT")
        build_log = work / "build.build.log"
        if build_log.exists():
            text = tail(build_log, 40).encode()
            import io

            ti = tarfile.TarInfo("build.build.log.tail")
            ti.size = len(text)
            tar.addfile(ti, io.BytesIO(text))
    part.replace(out / "studies.tar.xz")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="where the results go ($OUT on the GPU machine)")
    ap.add_argument("--deadline", type=float, default=540, help="seconds from start by which this step is done, packing included")
    ap.add_argument("--work", type=Path, default=REPO / ".device-work", help="build, model and studies (ignored; kept between back-to-back calls)")
    ap.add_argument("--carry", type=Path, default=REPO / ".device-carry", help="what prepare.sh packed: node.xz, llama.cpp-src.tar.xz, dist/cli.js")
    ap.add_argument("--cpu", action="store_true", help="build for the CPU (checking the scripts without a GPU)")
    ap.add_argument("--shape", default="1b", choices=["1b", "tiny"])
    ap.add_argument("--stages", default="8,12,16", help="budgets every study reaches in turn (a run cut short still compares equal budgets)")
    ap.add_argument("--algorithms", default="scoot,random")
    ap.add_argument("--seeds", default="0,1,2", help="optimiser seeds: one study per algorithm and seed (the arrival seed stays the config's)")
    ap.add_argument("--early-stop", default="auto", choices=["auto", "on", "off"],
                    help="issue 15's early stop of hopeless trials and drain cap, for every study: auto = on when the carried scoot build has it")
    ap.add_argument("--max-drain", type=float, default=10, help="earlyStop.maxDrainSec when early stop is on (good configurations drained in 3-8 s on 2026-12-04)")
    ap.add_argument("--duration", type=float, help="override workload.durationSec (CPU checks)")
    ap.add_argument("--rate", type=float, help="override workload.rate (CPU checks: a CPU serves far less than 10 req/s)")
    ap.add_argument("--trial-guess", type=float, default=40, help="seconds a trial is assumed to take before one was measured (2026-12-04: 13-40 s, median 30 s, without early stop)")
    ap.add_argument("--margin", type=float, default=15, help="seconds kept free before the deadline for stopping and packing (2026-12-04: packing took at most 1.3 s)")
    ap.add_argument("--no-studies", action="store_true")
    args = ap.parse_args()

    out = args.out.resolve()
    work = args.work.resolve()
    carry = args.carry.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    step = Step(out, args)
    deadline = args.deadline - args.margin  # work stops here; the margin is for stopping and packing
    stop = {"signal": None}

    def on_signal(signum: int, _frame: object) -> None:
        stop["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    rc = 0
    try:
        for name in ("node.xz", "llama.cpp-src.tar.xz", "dist/cli.js"):
            if not (carry / name).exists():
                step.part("carry", ok=False, error=f"{carry / name} is missing: run scripts/llamacpp/prepare.sh and carry {carry.name}")
                return 2
        t = time.monotonic()
        node = unpack_node(carry, work)
        version = subprocess.run([str(node), "--version"], capture_output=True, text=True).stdout.strip()
        step.part("node", ok=True, version=version, seconds=round(time.monotonic() - t, 1))

        t = time.monotonic()
        src = unpack_source(carry, work)
        commit = (src / "COMMIT").read_text().strip()
        step.part("source", ok=True, commit=commit, seconds=round(time.monotonic() - t, 1))

        build = work / "build"
        build_rc, secs = run(["bash", str(HERE / "build.sh"), *(["--cpu"] if args.cpu else []), str(src), str(build)], work / "build-step.log", deadline - now())
        step.part("build", ok=build_rc == 0, rc=build_rc, seconds=secs, backend="cpu" if args.cpu else "cuda", log=tail(work / "build-step.log", 3))
        if build_rc != 0:
            return 1
        server = build / "bin" / "llama-server"
        libraries = ensure_libraries(server)
        if libraries["missing"]:
            step.part("libraries", ok=not libraries["still_missing"], **libraries)
        help_text = subprocess.run([str(server), "--help"], capture_output=True, text=True).stdout
        (out / "help.txt").write_text(help_text)

        model = work / "model" / f"llama-{args.shape}.gguf"
        model_rc, secs = run([sys.executable, str(HERE / "make_model.py"), "--gguf-py", str(src / "gguf-py"), "--out", str(model), "--shape", args.shape], work / "model.log", deadline - now())
        info = json.loads((model.with_name(model.name + ".json")).read_text()) if model_rc == 0 else None
        step.part("model", ok=model_rc == 0, rc=model_rc, seconds=secs, info=info, log=tail(work / "model.log", 2) if model_rc else "")
        if model_rc != 0:
            return 1

        check_json = work / "check.json"
        if not check_json.exists():
            check_rc, secs = run([sys.executable, str(HERE / "check_server.py"), "--server", str(server), "--model", str(model), "--log", str(work / "check-server.log"),
                                  *(["--max-tokens", "32", "--requests", "16"] if args.cpu else [])], work / "check.out", min(240, deadline - now()))
            lines = (work / "check.out").read_text(errors="replace").strip().splitlines()
            result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {"ok": False, "rc": check_rc, "output": lines[-5:]}
            result["seconds"] = secs
            check_json.write_text(json.dumps(result) + "\n")
        result = json.loads(check_json.read_text())
        shutil.copy(check_json, out / "check.json")
        step.part("check", ok=bool(result.get("ok")), requests=result.get("requests"), failed=result.get("failed"), seconds=result.get("seconds"))
        if not result.get("ok"):
            check_json.unlink()  # try again next step
            return 1
        if args.no_studies:
            return 0

        config = work / "scoot.config.json"
        cli = carry / "dist" / "cli.js"
        early = args.early_stop == "on" or (args.early_stop == "auto" and cli_knows_early_stop(cli))
        if args.early_stop == "on" and not cli_knows_early_stop(cli):
            step.part("early-stop", ok=False, error="--early-stop on, but the carried scoot build has no earlyStop: run prepare.sh on a checkout with issue 15 merged")
            return 2
        render_config(HERE / "study.config.json", config, server, model, REPO / "traces" / "chat.jsonl", args.duration, args.rate,
                      {"enabled": True, "maxDrainSec": args.max_drain} if early else ({"enabled": False} if cli_knows_early_stop(cli) else None))
        step.part("config", ok=True, early_stop=early, seeds=args.seeds, algorithms=args.algorithms, stages=args.stages)
        studies = work / "studies"
        restored = restore_studies(carry, work)
        if restored:
            step.part("restore", ok=True, **restored)
        studies.mkdir(exist_ok=True)
        stages = [int(s) for s in args.stages.split(",")]
        runs = [(int(seed), algorithm) for seed in args.seeds.split(",") for algorithm in args.algorithms.split(",")]
        for budget in stages:
            for seed, algorithm in runs:
                name = f"{algorithm}-s{seed}"
                study = studies / name
                if tuning_count(study) >= budget:
                    continue
                longest = longest_trial(studies, args.trial_guess, tuning_count(study) == 0)
                if deadline - now() < longest + 10:
                    step.part("tune", study=name, budget=budget, skipped="not enough time left for a trial", left_s=round(deadline - now(), 1))
                    return 0
                result = tune(node, cli, config, study, algorithm, seed, budget, deadline, args.trial_guess, 10, studies / f"{name}.events.jsonl")
                step.part("tune", **result)
                if any(r.get("source") == "default" and r.get("earlyStop") for r in records(study)):
                    # The default is the hypervolume reference (and SCOOT's EHVI reference): a stopped one gives
                    # bounds, not values. Say so where it will be read; results.ts reports it too.
                    step.part("warning", study=name, warning="the default trial was stopped early: its objectives are bounds, so the reference point is not the default's value")
                if result.get("interrupted") or deadline - now() < 10:
                    return 0
                if result["rc"] not in (0,):
                    return 1
        step.part("done", studies={f"{a}-s{s}": tuning_count(studies / f"{a}-s{s}") for s, a in runs})
        return 0
    except KeyboardInterrupt:
        step.part("stopped", signal=stop["signal"])
        return 130
    except Exception as e:  # reported in step.json rather than lost with the machine
        step.part("error", error=f"{type(e).__name__}: {e}")
        rc = 1
        return rc
    finally:
        t = time.monotonic()
        try:
            pack(out, work)
            step.data["packed_s"] = round(time.monotonic() - t, 1)
        except Exception as e:
            step.data["pack_error"] = f"{type(e).__name__}: {e}"
        step.write()


if __name__ == "__main__":
    sys.exit(main())
