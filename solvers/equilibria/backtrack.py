"""Every pure equilibrium of a component by backtracking with exact gain bounds
(MODEL.md section 4).

Enumeration (:mod:`solvers.equilibria.pure`) tries every strategy of the smaller firm: 2^n for n
cells. Here cells of both firms are decided one at a time. For a partial profile, each
cell's gain of action 1 over 0 (``base - weight @ other``, the scaled integers of
:class:`solvers.game.FirmSide`) lies between two exact bounds: the decided cells of the
other firm contribute their exact terms, each undecided one whichever of its two terms
(0 or ``-weight``) is smaller, or larger. A cell whose gain is positive for every
completion must play 1, negative for every completion must play 0 (propagated to a
fixpoint); a decided cell that contradicts its bounds ends the branch. Otherwise the
search branches on the undecided cell with the narrowest gain interval, both values.
At a leaf every gain is known exactly, so every leaf is an equilibrium, and each
equilibrium is reached once (the branches partition the profiles). Cells whose gain is
exactly zero keep both actions, as in enumeration: ties are decided exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solvers.errors import SolverLimitError
from solvers.game import BayesianGame

Profile = tuple[tuple[int, ...], tuple[int, ...]]

#: Most equilibria one component may have before the search stops (ties multiply them).
MAX_EQUILIBRIA = 2**17
#: Most search nodes visited in one component before the search stops.
MAX_NODES = 2**19


class SearchBudgetExceeded(SolverLimitError):
    """The search visited more nodes than its budget allowed."""


@dataclass
class _Side:
    """One firm's cells: decided actions (-1: undecided) and the exact gain bounds'
    running parts (decided contribution, and what undecided cells of the other firm can
    still add at most and at least)."""

    base: np.ndarray
    weight: np.ndarray  # (own, other)
    actions: np.ndarray
    decided_sum: np.ndarray
    upper_rest: np.ndarray  # sum over undecided other cells of max(-weight, 0)
    lower_rest: np.ndarray  # sum over undecided other cells of min(-weight, 0)

    def copy(self) -> _Side:
        return _Side(self.base, self.weight, self.actions.copy(), self.decided_sum.copy(),
                     self.upper_rest.copy(), self.lower_rest.copy())  # fmt: skip

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        exact = self.base - self.decided_sum
        return exact + self.lower_rest, exact + self.upper_rest

    def other_decided(self, cell: int, action: int) -> None:
        """The other firm's ``cell`` is now ``action``: move its term to the exact part."""
        column = self.weight[:, cell]
        self.upper_rest -= np.maximum(-column, 0)
        self.lower_rest -= np.minimum(-column, 0)
        if action:
            self.decided_sum += column


def _side(game: BayesianGame, firm: int) -> _Side:
    side = game.sides[firm]
    weight = side.weight
    negative = -weight
    n = weight.shape[0]
    zero = np.zeros(n, dtype=weight.dtype)
    return _Side(
        side.base.copy(),
        weight,
        np.full(n, -1, dtype=np.int8),
        zero.copy() if weight.dtype != object else np.array([0] * n, dtype=object),
        np.maximum(negative, 0).sum(axis=1) if weight.shape[1] else zero.copy(),
        np.minimum(negative, 0).sum(axis=1) if weight.shape[1] else zero.copy(),
    )


def _decide(sides: list[_Side], firm: int, cell: int, action: int) -> None:
    sides[firm].actions[cell] = action
    sides[1 - firm].other_decided(cell, action)


def _propagate(sides: list[_Side]) -> bool:
    """Force cells to a fixpoint; False on a contradiction."""
    changed = True
    while changed:
        changed = False
        for f in (0, 1):
            low, high = sides[f].bounds()
            acts = sides[f].actions
            if np.any((acts == 1) & (high < 0)) or np.any((acts == 0) & (low > 0)):
                return False
            for action, forced in ((1, (acts == -1) & (low > 0)), (0, (acts == -1) & (high < 0))):
                for cell in np.nonzero(forced)[0]:
                    _decide(sides, f, int(cell), action)
                    changed = True
    return True


def backtrack_pure_equilibria(
    game: BayesianGame, max_nodes: int = MAX_NODES
) -> tuple[list[Profile], int]:
    """All pure equilibria of a component (or any game), sorted, and the nodes visited.

    Raises :class:`SearchBudgetExceeded` after ``max_nodes`` nodes.
    """
    found: list[Profile] = []
    nodes = 0
    stack = [[_side(game, 0), _side(game, 1)]]
    while stack:
        sides = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            raise SearchBudgetExceeded(
                f"component with {game.sizes[0]} x {game.sizes[1]} cells: the backtracking "
                f"search needed more than {max_nodes} nodes (too many cells stay undecided "
                "after propagation, as in games with many ties); use method 'potential' (one "
                "equilibrium) or 'milp' (the best ones)"
            )
        if not _propagate(sides):
            continue
        choice = _branch_cell(sides)
        if choice is None:
            found.append(
                (tuple(int(a) for a in sides[0].actions), tuple(int(a) for a in sides[1].actions))
            )
            if len(found) > MAX_EQUILIBRIA:
                raise SolverLimitError(
                    f"component with {game.sizes[0]} x {game.sizes[1]} cells has more than "
                    f"{MAX_EQUILIBRIA} pure equilibria (cells indifferent together)"
                )
            continue
        firm, cell = choice
        for action in (0, 1):
            branch = [sides[0].copy(), sides[1].copy()]
            _decide(branch, firm, cell, action)
            stack.append(branch)
    found.sort()
    return found, nodes


def _branch_cell(sides: list[_Side]) -> tuple[int, int] | None:
    """The undecided cell with the narrowest gain interval (None: all decided)."""
    best: tuple[object, int, int] | None = None
    for f in (0, 1):
        undecided = np.nonzero(sides[f].actions == -1)[0]
        if not len(undecided):
            continue
        low, high = sides[f].bounds()
        width = (high - low)[undecided]
        k = int(np.argmin(width))
        if best is None or width[k] < best[0]:  # type: ignore[operator]
            best = (width[k], f, int(undecided[k]))
    return None if best is None else (best[1], best[2])
