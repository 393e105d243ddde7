"""Screen mutmut mutants against chosen tests, one forked pytest run per mutant.

``tests/mutation_plant.py`` plants one mutant into a copy of the code and starts pytest
afresh, which costs the imports and the copy each time. This screens many mutants of a
mutation run's folder the way mutmut itself runs them: the libraries are imported once,
then each mutant runs in a forked child with ``MUTANT_UNDER_TEST`` set, so that mutmut's
trampolines in the folder's ``mutants/`` call the mutated function. Only the given tests
run (``-x``: the first failure ends the run), usually those of the mutant's package: a
kill by part of the suite is a kill by the suite, and a survivor is triaged like one of
mutmut's.

hypothesis runs as in CI (derandomized, the same budgets) without shrinking and without
its database: a failing example ends the test at once, and no example found for another
mutant is replayed.

Usage: ``python tests/mutation_screen.py --run FOLDER [--jobs J] [--timeout S] MUTANTS_FILE
-- PYTEST_ARGS``. Prints ``KILLED``, ``SURVIVED`` or ``TIMEOUT`` (the child ran past ``S``
seconds and was stopped: detected, as mutmut counts a timeout), the name and the seconds,
one line per mutant as it ends; the lines can be appended as they are to
``benchmarks/results/mutation-planted.txt``, which ``tests/mutation_sample.py`` reads.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: pytest's exit codes that mean the tests found the mutant: a test failed (1), or the
#: run was interrupted by an error, such as an import failing during collection (2).
DETECTED_EXIT_CODES = (1, 2)


def verdict(exit_code: int) -> str:
    """A child's verdict from its exit code (negative: ended by a signal, a crash)."""
    if exit_code == 0:
        return "SURVIVED"
    if exit_code in DETECTED_EXIT_CODES or exit_code < 0:
        return "KILLED"
    raise SystemExit(f"pytest exited with {exit_code}: the tests were not run (usage?)")


class ScreenProfile:
    """A pytest plugin: hypothesis's CI profile without shrinking and without a database,
    loaded after the test suite's conftest registered the profile."""

    def pytest_collection(self, session: object) -> None:
        from hypothesis import Phase, settings

        settings.register_profile("screen", parent=settings.get_profile("ci"), database=None,
                                  phases=[Phase.explicit, Phase.generate])  # fmt: skip
        settings.load_profile("screen")


def run_child(name: str, pytest_args: list[str], log: Path) -> None:
    """In the forked child: make ``name`` the active mutant and run the tests; never returns."""
    import pytest

    os.setsid()  # its own process group, so that a timeout stops its subprocesses too
    os.environ["MUTANT_UNDER_TEST"] = name
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    try:
        code = int(pytest.main(["-q", "-x", "-p", "no:cacheprovider", "-p", "no:xdist", "-rf",
                                *pytest_args], plugins=[ScreenProfile()]))  # fmt: skip
    except BaseException:
        code = 2
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", required=True, type=Path, help="the mutation run's folder")
    parser.add_argument("--jobs", type=int, default=2, help="children at a time")
    parser.add_argument("--timeout", type=float, default=400.0, help="seconds per mutant")
    parser.add_argument("--logs", type=Path, help="a folder for each child's pytest output")
    parser.add_argument("mutants", type=Path, help="a file of mutant names, one per line")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    pytest_args = argv[split + 1 :]
    mutated = str((args.run / "mutants").resolve())
    # the run's mutated packages first, this checkout's tests after, in this process and
    # in every subprocess a test starts (python -m predshare)
    sys.path[:0] = [mutated, str(ROOT)]
    os.environ["PYTHONPATH"] = os.pathsep.join([mutated, str(ROOT)])
    os.environ["MUTANT_UNDER_TEST"] = ""
    os.chdir(ROOT)
    # the heavy libraries, imported once before forking (not the packages under test)
    import cvxpy  # noqa: F401
    import hypothesis  # noqa: F401
    import networkx  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import scipy.optimize  # noqa: F401
    import scipy.stats  # noqa: F401

    logs = args.logs or Path(os.devnull)
    if args.logs:
        logs.mkdir(parents=True, exist_ok=True)
    queue = [line.split()[0] for line in args.mutants.read_text().splitlines() if line.strip()]
    running: dict[int, tuple[str, float]] = {}
    while queue or running:
        while queue and len(running) < args.jobs:
            name = queue.pop(0)
            pid = os.fork()
            if pid == 0:
                run_child(name, pytest_args, logs / f"{name}.log" if args.logs else logs)
            running[pid] = (name, time.monotonic())
        time.sleep(0.2)
        for pid, (name, started) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            seconds = time.monotonic() - started
            if done:
                print(f"{verdict(os.waitstatus_to_exitcode(status))} {name} {seconds:.1f}",
                      flush=True)  # fmt: skip
            elif seconds > args.timeout:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(pid, 0)
                print(f"TIMEOUT {name} {seconds:.1f}", flush=True)
            else:
                continue
            del running[pid]
    return 0


if __name__ == "__main__":
    sys.exit(main())
