"""The Bayesian game of a contract, in linear form, and its independent components.

For firm f at cell c facing the other firm's actions ``b`` (one per cell of the other
firm), write ``e_a[c, c'] = sum_y mass[c, c', y] * E(a, y)`` (MODEL.md section 2). Then

    value(c, 1; b) = sum_c' e_1[c, c'] * (1 - b[c'] / 2)
    value(c, 0; b) = sum_c' e_0[c, c'] * (1 + b[c']) / 2

and twice the gain of action 1 over action 0 is ``base[c] - weight[c] @ b`` with
``base = sum_c' (2 e_1 - e_0)`` and ``weight = e_1 + e_0``. A cell best-responds with 1
when this is positive, with 0 when negative, and with either on a tie.

Cells that never occur together do not interact: the bipartite graph with an edge
between cells of positive joint mass splits the game into components that are solved
separately (their equilibria combine as a product).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import gcd, lcm
from typing import TYPE_CHECKING, Any

import numpy as np

from contracts import Contract, Environment, InformationStructure, information_structure
from solvers.errors import SolverLimitError
from solvers.exact.rounding import rounding_bound

if TYPE_CHECKING:
    import networkx as nx

#: Most cell pairs (n1 x n2) of one component whose dense payoff arrays are built.
MAX_COMPONENT_CELL_PAIRS = 2**18

#: One firm's strategy: per cell, the probability of action 1 (0/1 ints when pure).
Strategy = Sequence[Any] | np.ndarray


@dataclass(frozen=True)
class FirmSide:
    """The linear form of one firm's problem (firm index 0 or 1), exact and float64.

    Held in integers: ``e0_int``, ``e1_int`` are ``e0``, ``e1`` times ``scale`` (Python
    ints in object arrays: the game's masses and payoffs over their common denominator),
    so building a side costs integer arithmetic only. ``base``, ``weight``: the gain
    coefficients scaled to integers (sign-equivalent: divided by their greatest common
    divisor with ``scale``), int64 when they fit, else Python ints, so that the exact
    coefficients are ``base / gain_scale`` and ``weight / gain_scale``; ``base_float``,
    ``weight_float``, ``e0_float``, ``e1_float``: the nearest doubles of the exact values;
    ``gain_bound``: per cell, a rigorous bound on the float64 error of the gain against any
    pure strategy of the other firm (solvers.exact.rounding): the magnitude
    ``|base| + sum |weight|`` through the ``n_other + 3`` operations that compute it.
    The Fraction forms (``e0``, ``e1``, ``base_exact``, ``weight_exact``) and the float64
    forms are made on first use.
    """

    e0_int: np.ndarray
    e1_int: np.ndarray
    scale: int
    base: np.ndarray
    weight: np.ndarray
    gain_scale: int

    @classmethod
    def build(cls, e0: np.ndarray, e1: np.ndarray) -> FirmSide:
        """The side of exact (Fraction) coefficient arrays ``e0``, ``e1``."""
        values = [Fraction(v) for v in list(e0.flat) + list(e1.flat)]
        scale = lcm(*(v.denominator for v in values)) if values else 1
        ints = [v.numerator * (scale // v.denominator) for v in values]
        half = e0.size
        return cls.from_integers(
            np.array(ints[:half], dtype=object).reshape(e0.shape),
            np.array(ints[half:], dtype=object).reshape(e1.shape),
            scale,
        )

    @classmethod
    def from_integers(cls, e0: np.ndarray, e1: np.ndarray, scale: int) -> FirmSide:
        """The side of ``e0 / scale`` and ``e1 / scale`` (object arrays of Python ints),
        its gain coefficients computed in Python integers (components are mostly small:
        no numpy round trip per entry)."""
        n_own, n_other = e0.shape
        rows0, rows1 = e0.tolist(), e1.tolist()
        base = [sum(2 * b - a for a, b in zip(r0, r1)) for r0, r1 in zip(rows0, rows1)]
        weight = [[a + b for a, b in zip(r0, r1)] for r0, r1 in zip(rows0, rows1)]
        common = gcd(scale, *base, *(v for row in weight for v in row))
        base = [v // common for v in base]
        weight = [[v // common for v in row] for row in weight]
        bound = sum(map(abs, base)) + sum(abs(v) for row in weight for v in row)
        kind = np.int64 if bound < 2**62 else object
        return cls(e0, e1, scale, np.array(base, dtype=kind),
                   np.array(weight, dtype=kind).reshape(n_own, n_other),
                   scale // common)  # fmt: skip

    # the float64 forms, made on first use (the exact path reads the integers only)
    @cached_property
    def base_float(self) -> np.ndarray:
        return _nearest(self.base, self.gain_scale)

    @cached_property
    def weight_float(self) -> np.ndarray:
        return _nearest(self.weight, self.gain_scale)

    @cached_property
    def e0_float(self) -> np.ndarray:
        return _nearest(self.e0_int, self.scale)

    @cached_property
    def e1_float(self) -> np.ndarray:
        return _nearest(self.e1_int, self.scale)

    @cached_property
    def gain_bound(self) -> np.ndarray:
        magnitude = np.abs(self.base_float) + np.abs(self.weight_float).sum(axis=1)
        return rounding_bound(magnitude, self.e0_int.shape[1] + 3)

    @cached_property
    def e0(self) -> np.ndarray:
        """Exact object array ``(n_own, n_other)`` of Fractions: ``e_0[c, c']``."""
        return _fractions(self.e0_int, self.scale)

    @cached_property
    def e1(self) -> np.ndarray:
        """Exact object array ``(n_own, n_other)`` of Fractions: ``e_1[c, c']``."""
        return _fractions(self.e1_int, self.scale)

    @cached_property
    def base_exact(self) -> np.ndarray:
        """The unscaled gain constants ``sum_c' (2 e_1 - e_0)`` in Fractions."""
        return _fractions(self.base, self.gain_scale)

    @cached_property
    def weight_exact(self) -> np.ndarray:
        """The unscaled gain weights ``e_1 + e_0`` in Fractions."""
        return _fractions(self.weight, self.gain_scale)

    @cached_property
    def scaled(self) -> tuple[np.ndarray, np.ndarray, int]:
        """``(E0, E1, scale)``: ``e0``, ``e1`` times ``scale``, as integers (int64 when
        every product against a 0/1 strategy fits, else Python ints), for exact values of
        pure profiles without Fraction arithmetic (:func:`pure_cell_values`)."""
        e0, e1 = self.e0_int, self.e1_int
        if 2 * int(np.abs(e0).sum() + np.abs(e1).sum()) + 1 < 2**62:
            e0, e1 = e0.astype(np.int64), e1.astype(np.int64)
        return e0, e1, self.scale

    @cached_property
    def scaled_rows(self) -> tuple[list[list[int]], list[list[int]]]:
        """:attr:`scaled`'s ``E0`` and ``E1`` as lists of rows of Python ints."""
        return self.e0_int.tolist(), self.e1_int.tolist()


#: Sides of at most this many cell pairs compute pure profiles' values in plain Python.
SMALL_SIDE = 16


def _nearest(ints: np.ndarray, scale: int) -> np.ndarray:
    """The doubles nearest ``ints / scale`` (Python's int / int is correctly rounded)."""
    return np.array([int(v) / scale for v in ints.flat], dtype=float).reshape(ints.shape)


def _fractions(ints: np.ndarray, scale: int) -> np.ndarray:
    out = np.array([Fraction(int(v), scale) for v in ints.flat], dtype=object)
    return out.reshape(ints.shape)


def pure_cell_values(side: FirmSide, own: Strategy, other: Strategy) -> tuple[list[int], int]:
    """Exact :func:`cell_values` of a pure profile as Python integers over a denominator:
    ``value = ints / denominator``. With 0/1 actions ``b``, ``2 value(c, 0) = e0 @ (1 + b)``
    and ``2 value(c, 1) = e1 @ (2 - b)`` (module docstring), all integers once ``e0``
    and ``e1`` are scaled (:attr:`FirmSide.scaled`)."""
    scale = side.scale
    if side.e0_int.size <= SMALL_SIDE:  # a few cells: plain Python integers, no numpy
        rows0, rows1 = side.scaled_rows
        b = [int(a) for a in other]  # Python ints: numpy's small integers would overflow
        values = [
            sum(v * (2 - a) for v, a in zip(row1, b))
            if x == 1
            else sum(v * (1 + a) for v, a in zip(row0, b))
            for x, row0, row1 in zip(own, rows0, rows1)
        ]
        return values, 2 * scale
    e0, e1, _ = side.scaled
    bs = np.asarray(other, dtype=np.int64).astype(e0.dtype)
    xs = np.asarray(own, dtype=np.int64) == 1
    if not bs.size:
        return [0] * e0.shape[0], 2 * scale
    return [int(v) for v in np.where(xs, e1 @ (2 - bs), e0 @ (1 + bs)).tolist()], 2 * scale


@dataclass(frozen=True)
class Component:
    """One independent part of the game: cell indices of firm 1 and of firm 2."""

    cells1: tuple[int, ...]
    cells2: tuple[int, ...]


@dataclass(frozen=True)
class Plays:
    """Every realization ``(w, t1, t2, y, s1, s2)`` of positive mass, as columns: its
    world, exact mass ``pi(w) P_w(t1, t2) P_w(y, s1, s2)``, label, each firm's cell
    under the contract and each firm's signal."""

    world: np.ndarray
    mass: np.ndarray
    label: np.ndarray
    cells: tuple[np.ndarray, np.ndarray]
    signals: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class BayesianGame:
    """The finite Bayesian game of an environment under a contract (MODEL.md sections 3-4)."""

    info: InformationStructure

    @classmethod
    def build(cls, environment: Environment, contract: Contract) -> BayesianGame:
        return cls(information_structure(environment, contract))

    @cached_property
    def sides(self) -> tuple[FirmSide, FirmSide]:
        """The linear form of each firm's problem, from the dense cell-pair masses.

        Solvers ask for it per component; a component of more than
        ``MAX_COMPONENT_CELL_PAIRS`` cell pairs is refused before anything is allocated.
        """
        n1, n2 = self.sizes
        if n1 * n2 > MAX_COMPONENT_CELL_PAIRS:
            raise SolverLimitError(
                f"component with {n1} x {n2} cells: at most {MAX_COMPONENT_CELL_PAIRS} cell "
                "pairs are held in one component (fewer worlds, labels or signals)"
            )
        # the masses and payoffs over their common denominators: integer arithmetic only
        payoff, per = self.environment.utility.integer_payoffs
        masses = [m for pair in self.info.pair_mass.values() for m in pair]
        unit = lcm(*(m.denominator for m in masses)) if masses else 1  # Fractions or ints
        e = [np.zeros((n1, n2), dtype=object), np.zeros((n1, n2), dtype=object)]
        for (c1, c2), (m0, m1) in self.info.pair_mass.items():
            i0 = m0.numerator * (unit // m0.denominator)
            i1 = m1.numerator * (unit // m1.denominator)
            e[0][c1, c2] = i0 * payoff[0][0] + i1 * payoff[0][1]
            e[1][c1, c2] = i0 * payoff[1][0] + i1 * payoff[1][1]
        scale = unit * per
        sides = [FirmSide.from_integers(e[0], e[1], scale),
                 FirmSide.from_integers(e[0].T.copy(), e[1].T.copy(), scale)]  # fmt: skip
        return sides[0], sides[1]

    @property
    def environment(self) -> Environment:
        return self.info.environment

    @cached_property
    def plays(self) -> Plays:
        """The realizations with the world kept (MODEL.md section 9 evaluates consumers
        per world); the cells are those of this game's information structure."""
        env = self.environment
        index = (self.info.cell_index(0), self.info.cell_index(1))
        rows: list[tuple[Any, ...]] = []
        for w, (p, train, infer) in enumerate(zip(env.prior, env.training, env.inference)):
            for t1, row in enumerate(train):
                for t2, pt in enumerate(row):
                    if not pt:
                        continue
                    for y in (0, 1):
                        for s1, line in enumerate(infer[y]):
                            for s2, ps in enumerate(line):
                                if ps:
                                    cells = (index[0][t1, t2, s1, s2], index[1][t1, t2, s1, s2])
                                    rows.append((w, p * pt * ps, y, *cells, s1, s2))
        w_, m_, y_, c1, c2, s1_, s2_ = (list(c) for c in zip(*rows))

        def ints(values: list[Any]) -> np.ndarray:
            return np.array(values, dtype=np.int64)

        return Plays(ints(w_), np.array(m_, dtype=object), ints(y_), (ints(c1), ints(c2)),
                     (ints(s1_), ints(s2_)))  # fmt: skip

    @property
    def contract(self) -> Contract:
        return self.info.contract

    @property
    def sizes(self) -> tuple[int, int]:
        """Number of cells (of positive probability) of firm 1 and firm 2."""
        return len(self.info.cells[0]), len(self.info.cells[1])

    @cached_property
    def interaction_graph(self) -> nx.Graph:
        """Bipartite graph: node ``(f, c)`` per cell, an edge where two cells co-occur
        (networkx is imported here, on first use: the solvers need only
        :attr:`components`)."""
        import networkx as nx

        graph = nx.Graph()
        n1, n2 = self.sizes
        graph.add_nodes_from((0, c) for c in range(n1))
        graph.add_nodes_from((1, c) for c in range(n2))
        graph.add_edges_from(((0, c1), (1, c2)) for c1, c2 in self.info.pair_mass)
        return graph

    @cached_property
    def components(self) -> tuple[Component, ...]:
        """Connected components of the interaction graph (a union-find over the cells,
        firm 1's cell c as node c and firm 2's as ``n1 + c``), in order of their first
        cell."""
        n1, n2 = self.sizes
        parent = list(range(n1 + n2))

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]  # path halving
                node = parent[node]
            return node

        for c1, c2 in self.info.pair_mass:
            a, b = root(c1), root(n1 + c2)
            if a != b:
                parent[max(a, b)] = min(a, b)
        members: dict[int, tuple[list[int], list[int]]] = {}
        for node in range(n1 + n2):
            cells = members.setdefault(root(node), ([], []))
            cells[node >= n1].append(node if node < n1 else node - n1)
        parts = [Component(tuple(cells1), tuple(cells2)) for cells1, cells2 in members.values()]
        parts.sort(key=lambda p: (p.cells1[:1] or (10**9,), p.cells2[:1]))
        return tuple(parts)

    @cached_property
    def subgames(self) -> tuple[BayesianGame, ...]:
        """One game per component, in the order of :attr:`components`."""
        return tuple(self.subgame(component) for component in self.components)

    def subgame(self, component: Component) -> BayesianGame:
        """The game restricted to one component (cells renumbered in order)."""
        return BayesianGame(self.info.restricted(component.cells1, component.cells2))


def exact_vector(values: Strategy) -> np.ndarray:
    """An object array of Fractions from ints, numpy integers or Fractions."""
    return np.array(
        [
            v
            if isinstance(v, Fraction)
            else Fraction(int(v))
            if isinstance(v, (int, np.integer))
            else Fraction(v)
            for v in values
        ],
        dtype=object,
    )


def action_values(side: FirmSide, other: Strategy, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's (unnormalized) expected utility of action 0 and of action 1.

    ``other`` holds the other firm's probabilities of action 1 (0/1 for pure profiles):
    ``value(c, 1; b) = sum e1 (1 - b/2)``, ``value(c, 0; b) = sum e0 (1 + b)/2`` (module doc).
    """
    n_own = side.e0.shape[0]
    if exact:
        half = Fraction(1, 2)
        b = exact_vector(other)
        if not b.size:
            zero = np.full(n_own, Fraction(0), dtype=object)
            return zero, zero.copy()
        return side.e0 @ (half * (1 + b)), side.e1 @ (1 - half * b)
    return _float_action_values(side.e0_float, side.e1_float, other)


def _float_action_values(
    e0: np.ndarray, e1: np.ndarray, other: Strategy
) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(other, dtype=float)
    if not b.size:
        return np.zeros(e0.shape[0]), np.zeros(e0.shape[0])
    return e0 @ ((1 + b) / 2), e1 @ (1 - b / 2)


def _mixed(p: np.ndarray, v0: np.ndarray, v1: np.ndarray) -> np.ndarray:
    return p * v1 + (1 - p) * v0


def cell_values(side: FirmSide, own: Strategy, other: Strategy, exact: bool) -> np.ndarray:
    """Each cell's (unnormalized) expected utility when playing action 1 with probability
    ``own`` against the other firm's probabilities ``other``."""
    v0, v1 = action_values(side, other, exact)
    p = exact_vector(own) if exact else np.asarray(own, dtype=float)
    return _mixed(p, v0, v1)


def cell_magnitudes(side: FirmSide, own: Strategy, other: Strategy) -> np.ndarray:
    """:func:`cell_values` in float64 with every term replaced by its absolute value: the
    magnitude behind the rounding bound of the float path (solvers.exact.rounding)."""
    v0, v1 = _float_action_values(np.abs(side.e0_float), np.abs(side.e1_float), other)
    return _mixed(np.asarray(own, dtype=float), v0, v1)


def cell_regrets(side: FirmSide, own: Strategy, other: Strategy, exact: bool) -> np.ndarray:
    """Per cell: how much the better action beats the (mixed) action played (>= 0).

    All zero exactly when the firm best-responds at every cell.
    """
    v0, v1 = action_values(side, other, exact)
    best = np.maximum(v0, v1)
    p = exact_vector(own) if exact else np.asarray(own, dtype=float)
    return best - _mixed(p, v0, v1)
