"""Plant one mutmut mutant into a copy of this checkout and run chosen tests against it.

A survivor of a mutation run (``make mutate-sample``, run in another clone because it
takes hours) is triaged by writing a test; this checks that the test kills it without
another mutation run: the mutant's diff (``mutmut show`` in the run's folder) is applied
to a temporary copy of the packages, by function and line text (the run's code may be an
earlier commit), and pytest runs the given tests against that copy.

Usage: ``python tests/mutation_plant.py --run FOLDER [--timeout S] MUTANT [MUTANT ...] --
PYTEST_ARGS``. Prints ``KILLED``, ``SURVIVED``, ``TIMEOUT`` (the tests ran past ``S``
seconds, 600 by default: a mutant that makes the code hang, detected as mutmut counts a
timeout) or ``NOT APPLIED`` per mutant; exit code 1 if any survived.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("contracts", "solvers", "predshare", "estimate", "proofs")


def mutant_diff(run: Path, name: str) -> list[str]:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=run,
                           capture_output=True, text=True)  # fmt: skip
    return shown.stdout.splitlines()


def function_name(mutant: str) -> str:
    """``pkg.mod.x_name__mutmut_3`` -> ``name``; ``pkg.mod.xǁClassǁname__mutmut_3`` -> ``name``."""
    last = re.sub(r"__mutmut_\d+$", "", mutant.split(".")[-1])
    return last.split("ǁ")[-1] if "ǁ" in last else last.removeprefix("x_")


def apply(diff: list[str], root: Path, mutant: str) -> bool:
    """Replace the mutant's removed lines, found after its function's ``def``, by its
    added lines, keeping the file's indentation. False when they are not found."""
    path = next((line[4:].strip() for line in diff if line.startswith("--- ")), None)
    if path is None:
        return False
    source = (root / path).read_text().splitlines()
    pattern = re.compile(rf"\s*(async\s+)?def {re.escape(function_name(mutant))}\(")
    start = next((i for i, line in enumerate(source) if pattern.match(line)), None)
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    if start is None or not removed:
        return False

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip())

    for i in range(start, len(source) - len(removed) + 1):
        if all(source[i + k].strip() == r.strip() for k, r in enumerate(removed)):
            shift = indent(source[i]) - indent(removed[0])
            source[i : i + len(removed)] = [
                " " * (indent(a) + shift) + a.strip() if a.strip() else a for a in added
            ]
            (root / path).write_text("\n".join(source) + "\n")
            return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True, type=Path, help="the mutation run's folder")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per mutant")
    parser.add_argument("mutants", nargs="+")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    pytest_args = argv[split + 1 :]
    survived = False
    for mutant in args.mutants:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch)
            for package in PACKAGES:
                shutil.copytree(ROOT / package, copy / package)
            if not apply(mutant_diff(args.run, mutant), copy, mutant):
                print(f"NOT APPLIED {mutant}")
                continue
            # the copy's packages first, this checkout's tests after; -P: no cwd in front
            env = {**os.environ, "PYTHONPATH": f"{copy}{os.pathsep}{ROOT}"}
            try:
                done = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-x", "-p",
                                       "no:cacheprovider", *pytest_args], cwd=ROOT, env=env,
                                      capture_output=True, timeout=args.timeout)  # fmt: skip
            except subprocess.TimeoutExpired:
                print(f"TIMEOUT {mutant}", flush=True)
                continue
            verdict = "SURVIVED" if done.returncode == 0 else "KILLED"
            survived |= done.returncode == 0
            print(f"{verdict} {mutant}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
