"""The benchmark cases (issue 12): each a baseline and a candidate on the same work.

* ``cold-start``: ``predshare solve`` at the claim-3 point against ``python -c "import
  numpy"``, both as fresh processes (target: within 3x).
* ``engine``: the engine's pure equilibria against plain enumeration of whole profiles,
  at the claim-3 point (no and train; full-sharing's 2^32 profiles are left out).
* ``large-worlds``: backtracking against enumeration on the no-sharing component of the
  correlation setting with K worlds (2K x 2K cells), K = 4 .. 10.
* ``alphabet``: the same on one world with S signals per firm (S x S cells).
* ``bargaining``: the exact polygon against cvxpy, Nash solution, claim-3 point.
* ``mixed``: Gambit's ``enummixed`` on the induced normal form (built once, not charged
  to it; its own set-up from the arrays is) against predshare's exact support
  enumeration from the environment, on the no-sharing game of the correlation setting
  with K worlds (alpha = 0.8, beta = 0.7, R1 = C1 = 1). Left out without pygambit.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from itertools import product
from typing import Any

import numpy as np

from contracts import Contract, Environment, Utility, correlation, worked_cases
from predshare.bench.harness import Case
from solvers.backtrack import backtrack_pure_equilibria
from solvers.dispatch import solve_equilibria
from solvers.game import BayesianGame
from solvers.pure import component_pure_equilibria, enumerate_component, plain_enumeration

CLAIM3 = ["correlation", "--alpha", "1441/2000", "--beta", "1027/2000", "--cost", "1511/2000",
          "--world", "indep:100001/200000", "--world", "max:99999/200000"]  # fmt: skip


def _process(arguments: list[str]) -> Callable[[], Any]:
    def run() -> None:
        subprocess.run([sys.executable, *arguments], check=True, capture_output=True)

    return run


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


def _gambit_mixed(a: np.ndarray, b: np.ndarray) -> Any:
    import pygambit as gbt

    return gbt.nash.enummixed_solve(gbt.Game.from_arrays(a, b), rational=False)


def _predshare_mixed(env: Environment) -> Any:
    game = BayesianGame.build(env, Contract.named("no"))
    return solve_equilibria(game, "support", kind="mixed", exact=True)


def _mixed_cases() -> list[Case]:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return []
    cases = []
    for k in (1, 2, 3, 4):
        env = mixed_environment(k)
        a, b = normal_form(BayesianGame.build(env, Contract.named("no")))
        cases.append(Case(
            f"mixed-{k}", "mixed", "gambit enummixed", "predshare support",
            partial(_gambit_mixed, a, b), partial(_predshare_mixed, env),
            quick=k <= 3, axis="worlds K", x=k, params={"strategies": list(a.shape)},
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


def all_cases() -> list[Case]:
    """Every case, in report order."""
    env = worked_cases()["claim-3-point"]
    cases = [
        Case(
            "cold-start",
            "cold-start",
            "python -c 'import numpy'",
            "predshare solve",
            _process(["-c", "import numpy"]),
            _process(["-m", "predshare", "solve", *CLAIM3]),
            params={"command": "predshare solve " + " ".join(CLAIM3)},
        ),  # fmt: skip
    ]
    for contract in ("no", "train"):
        game = BayesianGame.build(env, Contract.named(contract))
        cases.append(Case(
            f"engine-{contract}", "engine", "plain enumeration", "engine",
            partial(plain_enumeration, game, exact=True),
            partial(_engine, game),
            params={"contract": contract, "cells": list(game.sizes)},
        ))  # fmt: skip
    cases += _scaling("large-worlds", "worlds K", [4, 6, 8, 10], {4, 6, 8}, correlation_worlds)
    cases += _scaling("alphabet", "signals per firm", [8, 12, 16], {8, 12}, signals_world)
    cases.append(_bargaining_case(env))
    cases += _mixed_cases()
    return cases


def _bargaining_case(env: Environment) -> Case:
    from solvers.analysis import analyze
    from solvers.bargaining import bargain, bargaining_problem

    problem = bargaining_problem(analyze(env, exact=True))
    return Case("bargaining-nash", "bargaining", "cvxpy", "polygon",
                lambda: bargain(problem, "nash", method="cvxpy"),
                lambda: bargain(problem, "nash", method="polygon"),
                params={"outcomes": len(problem.outcomes)})  # fmt: skip


def select(cases: list[Case], quick: bool, names: list[str] | None = None) -> list[Case]:
    chosen = [c for c in cases if c.quick or not quick]
    if names:
        unknown = sorted(set(names) - {c.name for c in cases} - {c.group for c in cases})
        if unknown:
            raise ValueError(f"--case = {unknown[0]!r}: not a case or group of the suite")
        chosen = [c for c in chosen if c.name in names or c.group in names]
    return chosen
