"""What a fresh process loads: ``--help`` of any command loads no solver, and a solve
loads none of the heavy libraries it does not use (checked in ``sys.modules`` of a
subprocess, after the command has run)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from predshare.bench.cases import CLAIM3

#: Light modules of solvers/ that the parser may load: the lazy package inits' helper,
#: the option names, the errors.
PARSER_MODULES = {"solvers", "solvers.external", "solvers.names", "solvers.errors"}
HEAVY = ("networkx", "cvxpy", "pandas", "matplotlib", "sklearn", "scipy", "dask", "pyarrow")

PROBE = """
import json, runpy, sys
sys.argv = ["predshare", *json.loads(sys.argv[1])]
try:
    runpy.run_module("predshare", run_name="__main__")
except SystemExit as stop:
    code = stop.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded(arguments: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(arguments)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


COMMANDS = ["solve", "bargain", "environment", "verify", "sweep", "data", "plan",
            "scarcity", "bench", "demo"]  # fmt: skip


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_loads_no_solver(command: str | None) -> None:
    modules = loaded(["--help"] if command is None else [command, "--help"])
    assert "predshare.cli" in modules  # the probe ran the command line
    solvers = {m for m in modules if m == "solvers" or m.startswith("solvers.")}
    assert solvers <= PARSER_MODULES, sorted(solvers - PARSER_MODULES)
    assert not [m for m in HEAVY if m in modules]


def test_a_solve_loads_no_heavy_library() -> None:
    modules = loaded(["solve", *CLAIM3])
    assert "solvers.analysis.environment" in modules  # it solved
    assert not [m for m in ("networkx", "cvxpy", "pandas", "matplotlib", "sklearn", "scipy", "dask")
                if m in modules]  # fmt: skip
