"""The structure a setting keeps at every point of a sweep, laid out once as index arrays.

Which realizations ``(t1, t2, s1, s2)`` can occur, the information cells of every
contract, which cells meet, the components of the game and the candidate strategies
to enumerate do not depend on the setting's numbers, only on which masses are zero. The
layout is read off the exact engine's own structures (:class:`solvers.game.BayesianGame`)
at a generic point of the family, where every realization the structure allows has
positive mass. The batch classifier checks at every point that the support is that
one, and re-solves exactly any point where it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from contracts import Contract, Environment
from solvers.analysis.environment import resolve_contracts
from solvers.equilibria.pure import all_strategies
from solvers.errors import SolverLimitError
from solvers.game import BayesianGame
from solvers.sweep.family import SettingFamily

#: Most cells of the enumerated (smaller) firm of one component in the batch classifier.
MAX_BATCH_CELLS = 12


@dataclass(frozen=True)
class ComponentGroup:
    """Components of one contract with the same shape, handled together.

    ``enumerated``: the firm (0 or 1) whose pure strategies are listed in ``candidates``
    ``(nX, n_x)``; ``pairs[g, i, j]``: index of the pair of firm-1 cell i and firm-2 cell j
    of component g in the contract's pair list, ``-1`` where the two never meet;
    ``labels[f][g, c, t]``: 1 where cell c of firm f in component g has training label t.
    """

    enumerated: int
    candidates: np.ndarray
    pairs: np.ndarray
    labels: tuple[np.ndarray, np.ndarray]

    @property
    def size(self) -> int:
        return int(self.pairs.shape[0])

    def touches(self, firm: int) -> np.ndarray:
        """``(G, T_f)``: does component g have a cell of firm f with training label t?"""
        return np.asarray(self.labels[firm].any(axis=1))


@dataclass(frozen=True)
class ContractLayout:
    """One contract: ``aggregation[r, p]`` = 1 when realization r falls in cell pair p;
    ``placement[r] = (k, g, i, j)``: realization r lies in group k, component g, at
    firm-1 cell i and firm-2 cell j."""

    contract: Contract
    aggregation: np.ndarray
    groups: tuple[ComponentGroup, ...]
    placement: np.ndarray
    realizations: np.ndarray

    @property
    def name(self) -> str:
        return self.contract.name

    @property
    def own_labels(self) -> tuple[np.ndarray, np.ndarray]:
        """Each firm's training label at every realization (``(R,)`` each)."""
        return self.realizations[:, 0], self.realizations[:, 1]


@dataclass(frozen=True)
class SweepLayout:
    """A family's fixed structure for a list of contracts (MODEL.md sections 2-4).

    ``realizations``: ``(R, 4)`` indices ``(t1, t2, s1, s2)`` of the realizations of
    positive mass at the generic point; ``training_pairs``: ``(Z, 2)`` training pairs of
    positive probability (the ``z`` of Eq. (6)); ``labels``: ``(T1, T2)`` label counts;
    ``positive[r, y]``: realization r has positive mass with label y.
    """

    family: SettingFamily
    realizations: np.ndarray
    positive: np.ndarray
    training_pairs: np.ndarray
    labels: tuple[int, int]
    contracts: tuple[ContractLayout, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.contracts)


def build_layout(
    family: SettingFamily, contracts: object = None, environment: Environment | None = None
) -> SweepLayout:
    """The layout of ``family`` for ``contracts`` (a family name or contracts; ``no`` is
    added first when absent, as in :func:`solvers.analysis.environment.analyze`), read off
    ``environment`` (default: the family's generic point, where every realization the
    structure allows has positive mass)."""
    if environment is None:
        environment = family.environment(family.generic_point())
    joint = environment.joint_mass
    support = joint.sum(axis=2)
    realizations = np.array([idx for idx, p in np.ndenumerate(support) if p > 0], dtype=np.int64)
    positive = np.array(
        [[joint[t1, t2, y, s1, s2] > 0 for y in (0, 1)] for t1, t2, s1, s2 in realizations]
    )
    training = environment.training_mass
    training_pairs = np.array([idx for idx, p in np.ndenumerate(training) if p > 0], dtype=np.int64)
    labels = (len(environment.training_labels[0]), len(environment.training_labels[1]))
    layouts = []
    for contract in resolve_contracts(contracts):  # type: ignore[arg-type]
        layouts.append(_contract_layout(BayesianGame.build(environment, contract), realizations))
    return SweepLayout(family, realizations, positive, training_pairs, labels, tuple(layouts))


def _contract_layout(game: BayesianGame, realizations: np.ndarray) -> ContractLayout:
    info = game.info
    observed = info.observed
    coordinates = ("t1", "t2", "s1", "s2")
    picks = [[coordinates.index(c) for c in observed[f]] for f in (0, 1)]
    cell_index = [{cell: i for i, cell in enumerate(info.cells[f])} for f in (0, 1)]
    pair_list = sorted(info.pair_mass)
    pair_index = {pair: p for p, pair in enumerate(pair_list)}
    aggregation = np.zeros((len(realizations), len(pair_list)))
    for r, realization in enumerate(realizations):
        c1 = cell_index[0][tuple(int(realization[k]) for k in picks[0])]
        c2 = cell_index[1][tuple(int(realization[k]) for k in picks[1])]
        aggregation[r, pair_index[(c1, c2)]] = 1.0
    labels = (len(game.environment.training_labels[0]), len(game.environment.training_labels[1]))
    shapes: dict[tuple[int, int], list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for component in game.components:
        key = (len(component.cells1), len(component.cells2))
        shapes.setdefault(key, []).append((component.cells1, component.cells2))
    groups: list[ComponentGroup] = []
    where: dict[int, tuple[int, int, int, int]] = {}
    for (n1, n2), members in sorted(shapes.items()):
        enumerated = 0 if n1 <= n2 else 1
        if min(n1, n2) > MAX_BATCH_CELLS:
            raise SolverLimitError(
                f"contract {game.contract.name}: a component with {n1} x {n2} cells; the batch "
                f"classifier handles components where one firm has at most {MAX_BATCH_CELLS} "
                "cells (fewer worlds)"
            )
        pairs = np.full((len(members), n1, n2), -1, dtype=np.int64)
        onehot = (np.zeros((len(members), n1, labels[0])), np.zeros((len(members), n2, labels[1])))
        for g, (cells1, cells2) in enumerate(members):
            for (i, c1), (j, c2) in product(enumerate(cells1), enumerate(cells2)):
                pairs[g, i, j] = pair_index.get((c1, c2), -1)
                if pairs[g, i, j] >= 0:
                    where[int(pairs[g, i, j])] = (len(groups), g, i, j)
            for f, cells in enumerate((cells1, cells2)):
                for i, c in enumerate(cells):
                    onehot[f][g, i, info.cell_training[f][c]] = 1.0
        candidates = all_strategies((n1, n2)[enumerated]).astype(float)
        groups.append(ComponentGroup(enumerated, candidates, pairs, onehot))
    placement = np.array([where[int(np.argmax(row))] for row in aggregation], dtype=np.int64)
    return ContractLayout(game.contract, aggregation, tuple(groups), placement, realizations)
