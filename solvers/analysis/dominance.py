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


@dataclass(frozen=True)
class _Summary:
    """What Eq. (6) needs of one equilibrium set's components, computed once.

    ``maxima[f]``: over firm f's labels, the sum over components of the largest
    contribution of any of their equilibria ("for every equilibrium of d"). ``coupled``:
    for each label pair ``(t1, t2)``, the components whose equilibria differ in both
    firms' entries there; every other component adds the same point to each of its
    equilibria's pairs (its maxima), so "some equilibrium of c" needs the Pareto frontier
    of the coupled components only, shifted by the others' maxima. ``part_maxima[k]``:
    component k's own maxima (kept for the coupled ones)."""

    maxima: tuple[np.ndarray, np.ndarray]
    coupled: dict[tuple[int, int], list[int]]
    part_maxima: dict[int, tuple[np.ndarray, np.ndarray]]


def _summary(
    parts: list[list[Contribution]],
    labels: tuple[int, int],
    touched: list[tuple[list[int], list[int]]] | None = None,
) -> _Summary:
    """The summary of a set's contributions ``[k][e]`` (see :class:`_Summary`; ``labels``:
    each firm's number of training labels; ``touched[k]``: the labels component k's cells
    hold, found from the contributions when not given): one pass over the components,
    so Eq. (6) at every label pair costs the coupled components there, not all of them."""
    totals: list[Any] = [np.zeros(n, dtype=object) for n in labels]
    coupled: dict[tuple[int, int], list[int]] = {}
    part_maxima: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k, part in enumerate(parts):
        if len(part) == 1:
            highest = part[0]
            at = [np.flatnonzero(highest[f]) if touched is None else touched[k][f] for f in (0, 1)]
        else:
            at = [np.arange(n) if touched is None else np.asarray(touched[k][f], dtype=np.int64)
                  for f, n in enumerate(labels)]  # fmt: skip
            tops, varying = [], []
            for f in (0, 1):  # maxima and minima over the equilibria, at the touched labels
                stack = np.array([e[f][at[f]] for e in part])
                top = stack.max(axis=0)
                full = np.zeros_like(part[0][f])
                full[at[f]] = top
                tops.append(full)
                varying.append(at[f][stack.min(axis=0) != top])
            highest = (tops[0], tops[1])
            if varying[0].size and varying[1].size:
                part_maxima[k] = highest
                for t1 in varying[0].tolist():
                    for t2 in varying[1].tolist():
                        coupled.setdefault((t1, t2), []).append(k)
        for f in (0, 1):  # only the labels the component touches: a sum over the
            totals[f][at[f]] += highest[f][at[f]]  # components stays linear in them
    return _Summary((totals[0], totals[1]), coupled, part_maxima)


def _front_at(
    parts: list[list[Contribution]], summary: _Summary, t1: int, t2: int
) -> list[tuple[Any, Any]]:
    """The Pareto frontier of the interim payoff pairs ``(U1(s | t1), U2(s | t2))`` over
    the set's equilibria s: the coupled components' Minkowski frontier, shifted."""
    coupled = summary.coupled.get((t1, t2), [])
    shift1, shift2 = summary.maxima[0][t1], summary.maxima[1][t2]
    for k in coupled:
        shift1 = shift1 - summary.part_maxima[k][0][t1]
        shift2 = shift2 - summary.part_maxima[k][1][t2]
    front = _pair_frontier([[(e[0][t1], e[1][t2]) for e in parts[k]] for k in coupled])
    return [(shift1 + a, shift2 + b) for a, b in front]


#: Eq. (6)'s ingredients already computed, shared by the comparisons of one
#: :func:`dominance_verdicts` call: ``(id(set), kind)``.
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
    ``memo`` keeps each set's summary (and frontiers) for the other comparisons of the
    same sets (they depend on one contract only).
    """
    env = c.game.environment
    labels = (len(env.training_labels[0]), len(env.training_labels[1]))
    contrib_c = c.contributions(exact)

    def summary(s: EquilibriumSet, kind: str) -> _Summary:
        parts = s.magnitudes() if kind == "magnitudes" else s.contributions(exact)
        return _remembered(
            memo, (id(s), exact, kind), lambda: _summary(parts, labels, s.touched_labels())
        )

    summary_c, summary_d = summary(c, "summary"), summary(d, "summary")
    if not exact:
        size_c, size_d = summary(c, "magnitudes"), summary(d, "magnitudes")
        # one sum per component, then the coupled components' maxima taken out of it
        # and their frontier added back: at most three operations a component
        parts = max(len(c.parts), len(d.parts))
        operations = max(c.float_operations, d.float_operations) + 2 * parts + 2
    undecided = False
    for (i1, i2), mass in np.ndenumerate(env.training_mass):
        if mass == 0:
            continue
        best1, best2 = summary_d.maxima[0][i1], summary_d.maxima[1][i2]
        front = _remembered(
            memo,
            (id(c), exact, "front", i1, i2),
            lambda i1=i1, i2=i2: _front_at(contrib_c, summary_c, i1, i2),
        )
        if exact:
            if not any(u1 >= best1 and u2 >= best2 for u1, u2 in front):
                return False
            continue
        tol1 = rounding_bound(size_c.maxima[0][i1] + size_d.maxima[0][i1], operations)
        tol2 = rounding_bound(size_c.maxima[1][i2] + size_d.maxima[1][i2], operations)
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
