"""Best pure equilibria of a component as mixed-integer programs (cvxpy with HiGHS).

Binary ``x`` (firm 1's actions) and ``y`` (firm 2's) must best-respond at every cell:
with the twice-gain ``g = base - weight @ other`` and ``B`` a bound on ``|g|``,

    g1 >= -B1 (1 - x),   g1 <= B1 x,   and the same for firm 2,

so ``x = 1`` forces ``g1 >= 0`` and ``x = 0`` forces ``g1 <= 0`` (ties allow both).
Payoffs are bilinear in ``(x, y)``; the products ``z = x_c1 y_c2`` of co-occurring cells
are linearized exactly for binaries (McCormick). The objective is welfare ``U1 + U2``,
``U1`` or ``U2``. Gains are normalized to at most 1 in absolute value; each solution is
then checked exactly, and a solution that fails the exact check is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from solvers.equilibria.pure import Profile, gain_signs, is_best_response
from solvers.errors import SolverFailure
from solvers.external import LazyModule, solver_output_silenced
from solvers.game import BayesianGame

if TYPE_CHECKING:
    import cvxpy as cp
else:
    cp = LazyModule("cvxpy")

OBJECTIVES = ("welfare", "firm1", "firm2")


@dataclass(frozen=True)
class MilpSolution:
    """A MILP's best equilibrium of a component: profile, objective, solver status."""

    objective: str
    profile: Profile
    value: float
    status: str
    mip_gap: float | None
    verified: bool


def _normalized_gains(game: BayesianGame, firm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    side = game.sides[firm]
    base = side.base.astype(float)
    weight = side.weight.astype(float)
    scale = max(float(np.abs(base).max(initial=0.0)), float(np.abs(weight).max(initial=0.0)), 1.0)
    base, weight = base / scale, weight / scale
    bound = np.abs(base) + np.abs(weight).sum(axis=1) + 1e-6
    return base, weight, bound


def best_equilibrium_milp(game: BayesianGame, objective: str = "welfare") -> MilpSolution:
    """The pure equilibrium of a component maximizing ``objective`` (welfare/firm1/firm2)."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective = {objective!r}: must be one of {', '.join(OBJECTIVES)}")
    n1, n2 = game.sizes
    x = cp.Variable(n1, boolean=True)
    y = cp.Variable(n2, boolean=True)
    edges = sorted(game.info.pair_mass)
    z = cp.Variable(len(edges))
    rows = np.array([c1 for c1, _ in edges], dtype=int)
    cols = np.array([c2 for _, c2 in edges], dtype=int)
    constraints = [z >= 0, z <= x[rows], z <= y[cols], z >= x[rows] + y[cols] - 1]
    for firm, (own, other) in enumerate(((x, y), (y, x))):
        base, weight, bound = _normalized_gains(game, firm)
        gain = base - weight @ other
        constraints += [gain >= -cp.multiply(bound, 1 - own), gain <= cp.multiply(bound, own)]
    s1, s2 = game.sides
    e0 = np.array([s1.e0_float[c1, c2] for c1, c2 in edges])
    e1 = np.array([s1.e1_float[c1, c2] for c1, c2 in edges])
    f0 = np.array([s2.e0_float[c2, c1] for c1, c2 in edges])
    f1 = np.array([s2.e1_float[c2, c1] for c1, c2 in edges])
    xe, ye = x[rows], y[cols]
    # value of cell c1 = sum over partners: e1 (x - z/2) + e0 (1 + y - x - z) / 2
    utility1 = e1 @ (xe - z / 2) + e0 @ (1 + ye - xe - z) / 2
    utility2 = f1 @ (ye - z / 2) + f0 @ (1 + xe - ye - z) / 2
    goal = {"welfare": utility1 + utility2, "firm1": utility1, "firm2": utility2}[objective]
    problem = cp.Problem(cp.Maximize(goal), constraints)
    with solver_output_silenced():
        problem.solve(solver=cp.HIGHS, output_flag=False)
    x_value, y_value = x.value, y.value
    if (
        problem.status not in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE)
        or x_value is None
        or y_value is None
    ):
        raise SolverFailure(f"MILP ({objective}) ended with status {problem.status}")
    profile = (
        tuple(int(round(v)) for v in np.atleast_1d(x_value)),
        tuple(int(round(v)) for v in np.atleast_1d(y_value)),
    )
    info: Any = getattr(problem.solver_stats, "extra_stats", None)
    mip_gap = float(info.mip_gap) if hasattr(info, "mip_gap") else None
    return MilpSolution(
        objective,
        profile,
        float(problem.value),
        str(problem.status),
        mip_gap,
        is_pure_equilibrium(game, profile),
    )


def is_pure_equilibrium(game: BayesianGame, profile: Profile) -> bool:
    """Exact check that both firms best-respond at every cell."""
    x = np.array(profile[0], dtype=np.int8)[None, :]
    y = np.array(profile[1], dtype=np.int8)[None, :]
    return bool(
        is_best_response(x, gain_signs(game.sides[0], y, exact=True))[0]
        and is_best_response(y, gain_signs(game.sides[1], x, exact=True))[0]
    )
