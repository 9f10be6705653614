"""Compare versions of polyglot-docs step by step, interleaved, on one synthetic repository.

    python bench/ab.py --tree before=/tmp/before/src --tree now=src --documents 1000 --rounds 7

Each version (a source tree put on PYTHONPATH) gets its own copy of the repository and cache, warmed
by one untimed run of every step. Then, round after round, each step runs once per version in a
shuffled order, so that whatever else the machine does falls on every version alike; the report gives
each version's median and its ratio to the first version. ``update after the revision`` starts each
run from a fresh copy of the revised repository (untimed), as bench/run.py does.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = {
    "validate": ["validate"],
    "status, warm cache": ["status", "--json"],
    "check, warm cache": ["check", "--json"],
    "update, nothing to do": ["update"],
    "build, nothing to do": ["build", "--format", "html"],
    "translated XML, one language": ["translate", "--lang", "ru", "-o", "translated"],
}


def run(tree: Path, cwd: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "CI": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "polyglot_docs", *args], cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in (0, 1):  # 1: check found errors in the synthetic translations, as it should
        raise SystemExit(f"{tree}: polyglot-docs {' '.join(args)} exited with {done.returncode}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=SRC")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--revision-rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/polyglot-ab"))
    parser.add_argument("--steps", nargs="+", choices=[*STEPS, "revision"], help="only these steps")
    args = parser.parse_args()
    steps = {name: command for name, command in STEPS.items() if not args.steps or name in args.steps}
    if args.steps and "revision" not in args.steps:
        args.revision_rounds = 0
    trees = dict(item.split("=", 1) for item in args.tree)
    base = args.work / f"n{args.documents}"
    if not (base / ".generated").exists():
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(base), "--documents", str(args.documents)],
                       check=True)
        (base / ".generated").touch()
    copies = {}
    for name, tree in trees.items():
        copy = args.work / f"{name}-n{args.documents}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(base, copy, symlinks=True)
        copies[name] = copy
        for step in steps.values():  # warm: caches and outputs as a second run finds them
            run(Path(tree).resolve(), copy, step)
    times: dict[tuple[str, str], list[float]] = {}
    order = list(trees)
    for _ in range(args.rounds):
        for step, command in steps.items():
            random.shuffle(order)
            for name in order:
                times.setdefault((step, name), []).append(run(Path(trees[name]).resolve(), copies[name], command))
    for _ in range(args.revision_rounds):
        random.shuffle(order)
        for name in order:
            revised = args.work / f"{name}-revised"
            shutil.rmtree(revised, ignore_errors=True)
            shutil.copytree(copies[name], revised, symlinks=True)
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(revised), "--revise"], check=True)
            os.sync()
            times.setdefault(("update after the revision", name), []).append(
                run(Path(trees[name]).resolve(), revised, ["update"]))
    first = next(iter(trees))
    print(f"| step | {' | '.join(trees)} | {' | '.join(f'{n} / {first}' for n in list(trees)[1:])} |")
    print("|---|" + "---|" * (2 * len(trees) - 1))
    for step in [*steps, *(["update after the revision"] if args.revision_rounds else [])]:
        medians = {name: statistics.median(times[(step, name)]) for name in trees}
        ratios = [f"{medians[n] / medians[first]:.2f}" for n in list(trees)[1:]]
        print(f"| {step} | {' | '.join(f'{medians[n]:.2f} s' for n in trees)} | {' | '.join(ratios)} |", flush=True)


if __name__ == "__main__":
    main()
