"""Section 10's two games, checked against each other (MODEL.md section 10).

``two_hypotheses(..., samples=N)`` solves the count game: each count vector of firm 1's
N examples is a type. ``types="posterior"`` solves its refinement, in which count
vectors with equal posteriors are one type and so must act alike. Two statements relate
them, and both are checked exactly on a grid:

* every equilibrium of the merged game, copied to each count vector of its type, is an
  equilibrium of the count game (every cell best-responds, decided exactly; the first
  EMBEDDED_PER_CONTRACT listed equilibria of each contract at each point are checked);
* the two games have the same IR and IRPO sets. MODEL.md section 10 says they need not;
  the check reports the first grid point where they differ, with both games' numbers.

Points where the count game's ties are coupled and too many to list (the engine refuses
them) are counted and named, not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from itertools import islice, product
from typing import Any

import numpy as np

from contracts.settings import COUNTED_PAIRS, two_hypotheses
from proofs.claims import FAILS, HOLDS, Outcome
from solvers import ContractAnalysis, analyze
from solvers.equilibria.equilibrium_set import EquilibriumSet
from solvers.equilibria.pure import gain_signs, is_best_response
from solvers.errors import SolverLimitError

#: The grid: N = 1..8 around section 10's point (pi_I, kappa, lambda, mu) = (1/2, 1/5,
#: 3/10, 2/5).
GRID_SAMPLES = range(1, 9)
GRID_PARAMETERS = {
    "p": ("1/4", "1/2", "3/4"),
    "kappa": ("1/5", "1/2"),
    "lam": ("3/10",),
    "mu": ("3/10", "2/5"),
}
GRID_DESCRIPTION = (
    "N = 1..8 x pi_I in {1/4, 1/2, 3/4} x kappa in {1/5, 1/2} x lambda = 3/10 x "
    "mu in {3/10, 2/5}: 96 points, exact"
)


#: Merged equilibria per contract and point copied into the count game and checked.
EMBEDDED_PER_CONTRACT = 8


def grid_points() -> Iterator[dict[str, Any]]:
    """The grid of :data:`GRID_DESCRIPTION`, N outermost."""
    for n in GRID_SAMPLES:
        for values in product(*GRID_PARAMETERS.values()):
            yield {"N": n, **{k: Fraction(v) for k, v in zip(GRID_PARAMETERS, values)}}


def merged_label(count_label: str, samples: int) -> str:
    """The merged game's type of a count vector (``contracts.settings.sample_training``):
    ``I`` after a diseased example with A, ``II`` after one with B, else ``A{k}/{N}``
    for k healthy examples with A.

    >>> merged_label("1A0+1A1+1B0", 3), merged_label("2A0+1B0", 3)
    ('I', 'A2/3')
    """
    counts = dict.fromkeys(COUNTED_PAIRS, 0)
    for term in count_label.split("+"):
        counts[term[-2:]] = int(term[:-2])
    if counts["A1"]:
        return "I"
    if counts["B1"]:
        return "II"
    return f"A{counts['A0']}/{samples}"


def embedded_profiles(
    merged: EquilibriumSet, counts: EquilibriumSet, samples: int
) -> Iterator[Any]:
    """The first EMBEDDED_PER_CONTRACT merged equilibria as profiles of the count game:
    every cell plays what the merged cell of its type plays."""
    m_info, c_info = merged.game.info, counts.game.info
    m_env, c_env = m_info.environment, c_info.environment
    maps = []
    for f in (0, 1):
        t1_at = m_info.observed[f].index("t1") if "t1" in m_info.observed[f] else None
        index = {cell: k for k, cell in enumerate(m_info.cells[f])}
        source = []
        for cell in c_info.cells[f]:
            merged_cell = list(cell)
            if t1_at is not None:
                label = merged_label(c_env.training_labels[0][cell[t1_at]], samples)
                merged_cell[t1_at] = m_env.training_labels[0].index(label)
            source.append(index[tuple(merged_cell)])
        maps.append(source)
    for x, y in islice(merged.profiles(), EMBEDDED_PER_CONTRACT):
        yield tuple(x[k] for k in maps[0]), tuple(y[k] for k in maps[1])


def is_equilibrium(game: Any, profile: Any) -> bool:
    """Does every cell of both firms best-respond? Component by component (the sides the
    solver built), by the exact signs of the scaled integer gains."""
    x, y = (np.asarray(a, dtype=np.int8) for a in profile)
    for component, sub in zip(game.components, game.subgames):
        actions = (x[list(component.cells1)][None, :], y[list(component.cells2)][None, :])
        for f in (0, 1):
            signs = gain_signs(sub.sides[f], actions[1 - f], True)
            if not is_best_response(actions[f], signs)[0]:
                return False
    return True


def _verdicts(analysis: ContractAnalysis) -> dict[str, list[str]]:
    v = analysis.verdicts
    return {"ir": list(v.individually_rational), "irpo": list(v.irpo)}


def _games(point: dict[str, Any]) -> tuple[ContractAnalysis, ContractAnalysis]:
    params = (point["p"], point["kappa"], point["lam"], point["mu"])
    n = point["N"]
    counts = analyze(two_hypotheses(*params, samples=n), exact=True)
    merged = analyze(two_hypotheses(*params, samples=n, types="posterior"), exact=True)
    return counts, merged


def _points(samples: int) -> list[dict[str, Any]]:
    """``samples`` grid points spread evenly over the grid (all of it when it has fewer)."""
    grid = list(grid_points())
    if samples >= len(grid):
        return grid
    return [grid[i * len(grid) // samples] for i in range(samples)]


def merged_equilibria_are_count_equilibria(samples: int) -> Outcome:
    """Check the first statement of the module docstring on the grid."""
    checked = embedded = refused = 0
    for point in _points(samples):
        try:
            counts, merged = _games(point)
        except SolverLimitError:
            refused += 1
            continue
        checked += 1
        for name, solution in merged.solutions.items():
            game = counts.solutions[name].game
            for profile in embedded_profiles(solution, counts.solutions[name], point["N"]):
                embedded += 1
                if not is_equilibrium(game, profile):
                    return Outcome(
                        FAILS,
                        f"a merged {name} equilibrium is not one of the count game: a cell "
                        "gains by a deviation",
                        counterexample={"point": point, "contract": name},
                    )
    return Outcome(
        HOLDS,
        f"{embedded} merged equilibria (up to {EMBEDDED_PER_CONTRACT} per contract) at "
        f"{checked} grid points are equilibria of the count game (exact best replies); "
        f"{refused} points refused (coupled ties)",
        details={"points": checked, "equilibria": embedded, "refused": refused},
    )


def merged_and_count_verdicts_agree(samples: int) -> Outcome:
    """Check the second statement of the module docstring on the grid."""
    checked = refused = 0
    differ: list[dict[str, Any]] = []
    first: dict[str, Any] | None = None
    for point in _points(samples):
        try:
            counts, merged = _games(point)
        except SolverLimitError:
            refused += 1
            continue
        checked += 1
        ours, theirs = _verdicts(counts), _verdicts(merged)
        if ours != theirs:
            differ.append(point)
            if first is None:
                first = {
                    "point": point,
                    "count game": {
                        **ours,
                        "equilibria": {c: s.count for c, s in counts.solutions.items()},
                    },
                    "merged game": {
                        **theirs,
                        "equilibria": {c: s.count for c, s in merged.solutions.items()},
                    },
                }
    if first is None:
        return Outcome(
            HOLDS,
            f"IR and IRPO agree at all {checked} grid points; {refused} refused (coupled ties)",
            details={"points": checked, "refused": refused},
        )
    p = first["point"]
    return Outcome(
        FAILS,
        f"IR or IRPO differ at {len(differ)} of {checked} grid points; first at N = {p['N']}, "
        f"({p['p']}, {p['kappa']}, {p['lam']}, {p['mu']}): IRPO "
        f"{first['count game']['irpo']} in the count game, {first['merged game']['irpo']} "
        "merged",
        counterexample=first,
        details={"points": checked, "differ": len(differ), "refused": refused},
    )
