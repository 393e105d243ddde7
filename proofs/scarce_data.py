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
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import islice, product
from typing import Any

from contracts.settings import COUNTED_PAIRS, two_hypotheses
from proofs.claims import FAILS, HOLDS, Outcome
from solvers import ContractAnalysis, analyze
from solvers.equilibria.equilibrium_set import EquilibriumSet
from solvers.equilibria.milp import is_pure_equilibrium
from solvers.errors import SolverLimitError

#: The grid: N = 1..8 around section 10's point (pi_I, kappa, lambda, mu) = (1/2, 1/5,
#: 3/10, 2/5).
GRID_SAMPLES = range(1, 9)
GRID_PARAMETERS = {
    "p": ("1/2", "3/4"),
    "kappa": ("1/5", "1/2"),
    "lam": ("3/10",),
    "mu": ("3/10", "2/5"),
}
GRID_DESCRIPTION = (
    "N = 1..8 x pi_I in {1/2, 3/4} x kappa in {1/5, 1/2} x lambda = 3/10 x "
    "mu in {3/10, 2/5}: 64 points, exact"
)


#: Merged equilibria per contract and point copied into the count game and checked.
EMBEDDED_PER_CONTRACT = 4


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
    solver built), by :func:`solvers.equilibria.milp.is_pure_equilibrium`'s exact check."""
    x, y = profile
    return all(
        is_pure_equilibrium(
            sub, (tuple(x[c] for c in part.cells1), tuple(y[c] for c in part.cells2))
        )
        for part, sub in zip(game.components, game.subgames)
    )


def _verdicts(analysis: ContractAnalysis) -> dict[str, Any]:
    v = analysis.verdicts
    return {
        "ir": list(v.individually_rational),
        "irpo": list(v.irpo),
        "equilibria": {c: s.count for c, s in analysis.solutions.items()},
    }


@dataclass(frozen=True)
class PointResult:
    """Both games at one grid point: their verdicts, how many merged equilibria were
    copied into the count game, and the first contract where one was not an equilibrium
    there (None when all were). ``refused``: the count game's ties were too many."""

    point: dict[str, Any]
    refused: bool = False
    counts: dict[str, Any] | None = None
    merged: dict[str, Any] | None = None
    embedded: int = 0
    not_embedded: str | None = None


def solve_point(point: dict[str, Any]) -> PointResult:
    """Solve both games at ``point`` and copy the merged equilibria into the count game."""
    params = (point["p"], point["kappa"], point["lam"], point["mu"])
    n = point["N"]
    try:
        counts = analyze(two_hypotheses(*params, samples=n), exact=True)
    except SolverLimitError:
        return PointResult(point, refused=True)
    merged = analyze(two_hypotheses(*params, samples=n, types="posterior"), exact=True)
    embedded, failed = 0, None
    for name, solution in merged.solutions.items():
        game = counts.solutions[name].game
        for profile in embedded_profiles(solution, counts.solutions[name], n):
            embedded += 1
            if failed is None and not is_equilibrium(game, profile):
                failed = name
    return PointResult(point, False, _verdicts(counts), _verdicts(merged), embedded, failed)


@lru_cache(maxsize=2)
def grid_results(samples: int) -> tuple[PointResult, ...]:
    """:func:`solve_point` at ``samples`` grid points spread evenly over the grid (all of
    it when it has fewer); computed once for both claims."""
    grid = list(grid_points())
    if samples < len(grid):
        grid = [grid[i * len(grid) // samples] for i in range(samples)]
    return tuple(solve_point(point) for point in grid)


def merged_equilibria_are_count_equilibria(samples: int) -> Outcome:
    """Check the first statement of the module docstring on the grid."""
    results = grid_results(samples)
    solved = [r for r in results if not r.refused]
    refused = len(results) - len(solved)
    for r in solved:
        if r.not_embedded is not None:
            return Outcome(
                FAILS,
                f"a merged {r.not_embedded} equilibrium is not one of the count game: a cell "
                "gains by a deviation",
                counterexample={"point": r.point, "contract": r.not_embedded},
            )
    embedded = sum(r.embedded for r in solved)
    return Outcome(
        HOLDS,
        f"{embedded} merged equilibria (up to {EMBEDDED_PER_CONTRACT} per contract) at "
        f"{len(solved)} grid points are equilibria of the count game (exact best replies); "
        f"{refused} points refused (coupled ties)",
        details={"points": len(solved), "equilibria": embedded, "refused": refused},
    )


def merged_and_count_verdicts_agree(samples: int) -> Outcome:
    """Check the second statement of the module docstring on the grid."""
    results = grid_results(samples)
    solved = [r for r in results if not r.refused]
    refused = len(results) - len(solved)
    key = ("ir", "irpo")
    differ = [r for r in solved if [r.counts[k] for k in key] != [r.merged[k] for k in key]]  # type: ignore[index]
    if not differ:
        return Outcome(
            HOLDS,
            f"IR and IRPO agree at all {len(solved)} grid points; {refused} refused (coupled ties)",
            details={"points": len(solved), "refused": refused},
        )
    first = differ[0]
    p = first.point
    return Outcome(
        FAILS,
        f"IR or IRPO differ at {len(differ)} of {len(solved)} grid points; first at N = "
        f"{p['N']}, ({p['p']}, {p['kappa']}, {p['lam']}, {p['mu']}): IRPO "
        f"{first.counts['irpo']} in the count game, {first.merged['irpo']} merged",  # type: ignore[index]
        counterexample={"point": p, "count game": first.counts, "merged game": first.merged},
        details={"points": len(solved), "differ": len(differ), "refused": refused},
    )
