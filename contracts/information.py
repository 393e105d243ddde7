"""Information cells of a contract and the joint mass of every pair of cells (MODEL.md section 3).

A cell of firm i is one value of what it observes under the contract. Only cells of
positive probability are listed: actions on zero-probability cells are irrelevant
(MODEL.md section 4), so leaving those cells out makes every listed profile a distinct one.
Since firm 1 always sees ``(t1, s1)`` and firm 2 always sees ``(t2, s2)``, a pair of
cells determines ``(t1, t2, s1, s2)``; the mass of a pair of cells and a label ``y`` is the
world-summed joint mass of that realization.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from contracts.contract import Contract
from contracts.environment import Environment

_COORDINATES = ("t1", "t2", "s1", "s2")


@dataclass(frozen=True)
class InformationStructure:
    """The cells of both firms under one contract, and their joint masses.

    Attributes
    ----------
    cells:
        ``cells[f]`` for firm ``f`` in ``(0, 1)``: each cell as a tuple of label indices of
        the coordinates in ``observed[f]``.
    observed:
        ``observed[f]``: the observed coordinate names, a subset of ``(t1, t2, s1, s2)``.
    cell_training:
        ``cell_training[f][c]``: the index of the firm's own training observation in cell c.
    pair_mass:
        Sparse joint masses: ``pair_mass[(c1, c2)] = (m0, m1)``, where ``m_y`` is the
        probability that firm 1 is in ``c1``, firm 2 in ``c2`` and the label is ``y``;
        only pairs that occur together are keys. :attr:`mass` is the dense form.
    training_marginals:
        ``training_marginals[f]``: exact ``P(t_f)`` per label index of the firm's model.
    """

    environment: Environment
    contract: Contract
    observed: tuple[tuple[str, ...], tuple[str, ...]]
    cells: tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]
    cell_training: tuple[tuple[int, ...], tuple[int, ...]]
    pair_mass: dict[tuple[int, int], tuple[Fraction, Fraction]]
    training_marginals: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]

    @cached_property
    def mass(self) -> np.ndarray:
        """Exact object array ``(n1, n2, 2)``: ``mass[c1, c2, y]``, zero where cells never meet."""
        dense = np.full((len(self.cells[0]), len(self.cells[1]), 2), Fraction(0), dtype=object)
        for (c1, c2), (m0, m1) in self.pair_mass.items():
            dense[c1, c2, 0] = m0
            dense[c1, c2, 1] = m1
        return dense

    @cached_property
    def partners(self) -> dict[int, list[tuple[int, tuple[Fraction, Fraction]]]]:
        """For each cell of firm 1: the firm-2 cells it occurs with, and the pair masses."""
        index: dict[int, list[tuple[int, tuple[Fraction, Fraction]]]] = {
            c: [] for c in range(len(self.cells[0]))
        }
        for (c1, c2), m in self.pair_mass.items():
            index[c1].append((c2, m))
        return index

    def restricted(self, cells1: tuple[int, ...], cells2: tuple[int, ...]) -> InformationStructure:
        """The structure on a subset of cells (renumbered in the given order)."""
        new1 = {c: i for i, c in enumerate(cells1)}
        new2 = {c: i for i, c in enumerate(cells2)}
        pairs = {
            (new1[c1], new2[c2]): m for c1 in cells1 for c2, m in self.partners[c1] if c2 in new2
        }
        return InformationStructure(
            environment=self.environment,
            contract=self.contract,
            observed=self.observed,
            cells=(
                tuple(self.cells[0][c] for c in cells1),
                tuple(self.cells[1][c] for c in cells2),
            ),
            cell_training=(
                tuple(self.cell_training[0][c] for c in cells1),
                tuple(self.cell_training[1][c] for c in cells2),
            ),
            pair_mass=pairs,
            training_marginals=self.training_marginals,
        )

    def cell_index(self, firm: int) -> np.ndarray:
        """``index[t1, t2, s1, s2]``: firm ``firm``'s (0 or 1) cell of each realization,
        -1 where the realization has probability 0."""
        env = self.environment
        sizes = (
            len(env.training_labels[0]),
            len(env.training_labels[1]),
            len(env.signal_labels[0]),
            len(env.signal_labels[1]),
        )
        picks = [_COORDINATES.index(c) for c in self.observed[firm]]
        index = {cell: k for k, cell in enumerate(self.cells[firm])}
        lookup = np.full(sizes, -1, dtype=np.int64)
        for realization in np.ndindex(*sizes):
            lookup[realization] = index.get(tuple(realization[k] for k in picks), -1)
        return lookup

    def cell_name(self, firm: int, cell: int) -> str:
        """Human/JSON name of a cell, e.g. ``"t1=0,s1=1"`` (firm is 0 or 1)."""
        env = self.environment
        labels = {
            "t1": env.training_labels[0],
            "t2": env.training_labels[1],
            "s1": env.signal_labels[0],
            "s2": env.signal_labels[1],
        }
        parts = zip(self.observed[firm], self.cells[firm][cell])
        return ",".join(f"{coord}={labels[coord][i]}" for coord, i in parts)

    def cell_names(self, firm: int) -> list[str]:
        return [self.cell_name(firm, c) for c in range(len(self.cells[firm]))]


def information_structure(environment: Environment, contract: Contract) -> InformationStructure:
    """Cells of positive probability of both firms, and the mass of each pair (MODEL.md
    section 3)."""
    observed = (contract.observes(1), contract.observes(2))
    picks = [tuple(_COORDINATES.index(c) for c in observed[f]) for f in (0, 1)]
    realizations = environment.realizations  # (t1, t2, s1, s2, m0, m1), positive mass
    coordinates = [r[:4] for r in realizations]
    seen = [[tuple(c[k] for k in picks[f]) for c in coordinates] for f in (0, 1)]
    cells: list[list[tuple[int, ...]]] = []
    index_of: list[dict[tuple[int, ...], int]] = []
    for f in (0, 1):
        distinct = sorted(set(seen[f]))
        cells.append(distinct)
        index_of.append({c: i for i, c in enumerate(distinct)})
    pair_mass: dict[tuple[int, int], tuple[Fraction, Fraction]] = {}
    for r, cell1, cell2 in zip(realizations, seen[0], seen[1]):
        key = (index_of[0][cell1], index_of[1][cell2])
        before = pair_mass.get(key)
        pair_mass[key] = r[4:] if before is None else (before[0] + r[4], before[1] + r[5])
    own = [observed[f].index(f"t{f + 1}") for f in (0, 1)]
    cell_training = tuple(tuple(c[own[f]] for c in cells[f]) for f in (0, 1))
    marginals = environment.training_marginals
    return InformationStructure(
        environment=environment,
        contract=contract,
        observed=observed,
        cells=(tuple(cells[0]), tuple(cells[1])),
        cell_training=(cell_training[0], cell_training[1]),
        pair_mass=pair_mass,
        training_marginals=(marginals[0], marginals[1]),
    )
