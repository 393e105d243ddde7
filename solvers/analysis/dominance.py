"""Dominance between contracts, IR, PO and IRPO (MODEL.md section 4, the paper's Eq. (6)).

``c`` dominates ``d`` if for every training pair ``z = (t1, t2)`` of positive probability
some equilibrium ``s`` of ``c`` satisfies, for every equilibrium ``s'`` of ``d``,
``U1(s | t1) >= U1(s' | t1)`` and ``U2(s | t2) >= U2(s' | t2)``.

Because interim payoffs add up over components, "for every s' of d" reduces to the sum
of the components' maxima, and "some s of c" to the Pareto frontier of the Minkowski
sum of the components' payoff pairs; no product of equilibrium sets is ever expanded.
Comparisons are exact: the float path decides a comparison in float64 only when its
margin exceeds a rigorous rounding bound (solvers.exact.rounding) and re-decides every other
one in Fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from solvers.equilibria.equilibrium_set import Contribution, EquilibriumSet
from solvers.exact.rounding import rounding_bound

if TYPE_CHECKING:
    import networkx as nx


def pareto_frontier(points: Sequence[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The points not weakly dominated by another (both coordinates maximized), sorted.

    >>> pareto_frontier([(1, 1), (2, 0), (0, 2), (1, 0), (2, 0)])
    [(2, 0), (1, 1), (0, 2)]
    """
    front: list[tuple[Any, Any]] = []
    for x, y in sorted(set(points), key=lambda p: (-p[0], -p[1])):
        if not front or y > front[-1][1]:
            front.append((x, y))
    return front


def _pair_frontier(parts: list[list[tuple[Any, Any]]]) -> list[tuple[Any, Any]]:
    """Pareto frontier of the Minkowski sum of the parts' point sets."""
    front: list[tuple[Any, Any]] = [(0, 0)]
    for points in parts:
        candidates = pareto_frontier(points)
        front = pareto_frontier([(a + c, b + d) for a, b in front for c, d in candidates])
    return front


def _sum_of_maxima(parts: list[list[Contribution]], firm: int, label: int, zero: Any) -> Any:
    """``sum over components of max over their equilibria`` of one interim entry."""
    return sum((max(e[firm][label] for e in part) for part in parts), zero)


#: Eq. (6)'s ingredients already computed, shared by the comparisons of one
#: :func:`dominance_verdicts` call: ``(id(set), exact, kind, firm or pair, label)``.
Memo = dict[tuple[Any, ...], Any]


def _remembered(memo: Memo | None, key: tuple[Any, ...], compute: Any) -> Any:
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _dominates_at(
    c: EquilibriumSet, d: EquilibriumSet, exact: bool, memo: Memo | None = None
) -> bool | None:
    """Eq. (6) on unnormalized interim payoffs; None when the float path cannot decide.

    The float path decides a comparison only when its margin exceeds a rigorous bound on
    the rounding error of both sides (solvers.exact.rounding): the magnitudes of the terms
    behind every payoff that can enter the comparison, summed over the components.
    ``memo`` keeps each set's frontier and maxima at each training pair for the other
    comparisons of the same sets (they depend on one contract only).
    """
    env = c.game.environment
    contrib_c = c.contributions(exact)
    contrib_d = d.contributions(exact)
    zero: Any = Fraction(0) if exact else 0.0
    if not exact:
        magnitude_c, magnitude_d = c.magnitudes(), d.magnitudes()
        operations = max(c.float_operations, d.float_operations) + 2
    undecided = False
    for (i1, i2), mass in np.ndenumerate(env.training_mass):
        if mass == 0:
            continue
        best1, best2 = (
            _remembered(memo, (id(d), exact, "max", f, i),
                        lambda f=f, i=i: _sum_of_maxima(contrib_d, f, i, zero))
            for f, i in ((0, i1), (1, i2))
        )  # fmt: skip
        front = _remembered(
            memo,
            (id(c), exact, "front", i1, i2),
            lambda i1=i1, i2=i2: _pair_frontier(
                [[(e[0][i1], e[1][i2]) for e in part] for part in contrib_c]
            ),
        )
        if exact:
            if not any(u1 >= best1 and u2 >= best2 for u1, u2 in front):
                return False
            continue
        tol1, tol2 = (
            rounding_bound(
                _sum_of_maxima(magnitude_c, f, i, 0.0) + _sum_of_maxima(magnitude_d, f, i, 0.0),
                operations,
            )
            for f, i in ((0, i1), (1, i2))
        )
        if any(u1 - best1 > tol1 and u2 - best2 > tol2 for u1, u2 in front):
            continue
        if all(u1 - best1 < -tol1 or u2 - best2 < -tol2 for u1, u2 in front):
            return False
        undecided = True
    return None if undecided else True


def dominates(c: EquilibriumSet, d: EquilibriumSet, memo: Memo | None = None) -> bool:
    """Does the contract of ``c`` dominate that of ``d`` (Eq. (6))? Decided exactly.

    Both sets must come from the same environment. ``memo``: see :func:`_dominates_at`
    (the sets must stay alive while it is used).
    """
    if c.game.environment != d.game.environment:
        raise ValueError("dominance: both equilibrium sets must come from the same environment")
    exact = c.exact and d.exact
    verdict = _dominates_at(c, d, exact, memo)
    if verdict is None:
        verdict = _dominates_at(c, d, True, memo)
    return bool(verdict)


@dataclass(frozen=True)
class DominanceVerdicts:
    """Dominance among a list of contracts and the IR / PO / IRPO verdicts (MODEL.md section 4).

    ``relation``: the pairs ``(C, D)``, C != D, where C dominates D. ``graph`` is the
    same as a networkx DiGraph on contract names, an edge ``C -> D`` when C dominates D,
    each edge with ``strict`` (D does not dominate C); it is built on first use.
    """

    names: tuple[str, ...]
    relation: frozenset[tuple[str, str]]
    baseline: str = "no"

    @cached_property
    def graph(self) -> nx.DiGraph:
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(self.names)
        for c, d in self.relation:
            graph.add_edge(c, d, strict=(d, c) not in self.relation)
        return graph

    def dominates(self, c: str, d: str) -> bool:
        return c == d or (c, d) in self.relation

    def strictly_dominates(self, c: str, d: str) -> bool:
        return self.dominates(c, d) and not self.dominates(d, c)

    def equivalent(self, c: str, d: str) -> bool:
        return self.dominates(c, d) and self.dominates(d, c)

    @property
    def individually_rational(self) -> tuple[str, ...]:
        """IR: the contract is no-sharing or dominates it."""
        return tuple(
            c for c in self.names if c == self.baseline or self.dominates(c, self.baseline)
        )

    @property
    def pareto_optimal(self) -> tuple[str, ...]:
        """PO: no contract strictly dominates it."""
        return tuple(
            c for c in self.names if not any(self.strictly_dominates(d, c) for d in self.names)
        )

    @property
    def irpo(self) -> tuple[str, ...]:
        po = set(self.pareto_optimal)
        return tuple(c for c in self.individually_rational if c in po)

    @property
    def unique_irpo(self) -> str | None:
        """The IRPO contract if it is literally the only one, else None."""
        return self.irpo[0] if len(self.irpo) == 1 else None

    @property
    def unique_irpo_up_to_equivalence(self) -> str | None:
        """The first IRPO contract if every IRPO contract is equivalent to it, else None."""
        irpo = self.irpo
        if irpo and all(self.equivalent(irpo[0], c) for c in irpo):
            return irpo[0]
        return None

    def edges(self, strict: bool = False) -> list[list[str]]:
        """``[C, D]`` pairs (C dominates D, C != D) in contract order."""
        order = {c: i for i, c in enumerate(self.names)}
        pairs = [[c, d] for c, d in self.relation if not strict or (d, c) not in self.relation]
        return sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))

    def equivalences(self) -> list[list[str]]:
        order = {c: i for i, c in enumerate(self.names)}
        return [p for p in self.edges() if order[p[0]] < order[p[1]] and self.equivalent(*p)]


def dominance_verdicts(
    solutions: dict[str, EquilibriumSet], baseline: str = "no"
) -> DominanceVerdicts:
    """Dominance relation among ``solutions`` (name -> equilibria), with IR against ``baseline``."""
    if baseline not in solutions:
        raise ValueError(
            f"dominance: the baseline contract {baseline!r} must be among the contracts"
        )
    names = tuple(solutions)
    memo: Memo = {}  # each contract's frontier and maxima, computed once per pair z
    relation = frozenset(
        (c, d)
        for c in names
        for d in names
        if c != d and dominates(solutions[c], solutions[d], memo)
    )
    return DominanceVerdicts(names, relation, baseline)
