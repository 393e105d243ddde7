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

*Ties by structure.* A cell whose gain is exactly zero whatever the undecided cells do
(both bounds zero) is branched on last. When every undecided cell is such a cell of one
firm, and there are more than ``SUMMARIZED_FROM`` completions, the node is a free-tie
family as in enumeration (:func:`solvers.equilibria.free_ties.free_tie_members`: the other
firm best-responds to every completion, checked on the box, and each free cell moves its
interim payoffs one way for all its labels): its 2^k members are counted, not searched,
and listed by their extreme members, which carry every payoff extreme and Pareto point.
Where the check fails (coupled ties), the search branches on as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solvers.equilibria import free_ties
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
    found, nodes, _ = backtrack_equilibrium_count(game, max_nodes, summarize=False)
    return found, nodes


def _free_family(game: BayesianGame, sides: list[_Side]) -> tuple[list[Profile], int] | None:
    """At a node whose undecided cells all belong to one firm and all have a zero gain
    whatever happens, the family's extreme members and size (module docstring); None
    when the node is not such a family, or is small enough to list."""

    open_cells = [np.nonzero(s.actions == -1)[0] for s in sides]
    if bool(open_cells[0].size) == bool(open_cells[1].size):
        return None
    g = 0 if open_cells[0].size else 1
    free = open_cells[g]
    if 2 ** len(free) <= free_ties.SUMMARIZED_FROM:
        return None
    low, high = sides[g].bounds()
    if np.any(low[free] != 0) or np.any(high[free] != 0):
        return None
    x = sides[1 - g].actions.astype(np.int64)
    reply = np.where(sides[g].actions == -1, 0, sides[g].actions).astype(np.int64)
    labels = np.asarray(game.info.cell_training[1 - g], dtype=np.int64)
    members = free_ties.free_tie_members(x, reply, free, game.sides[1 - g], labels)
    if members is None:
        return None
    xs = tuple(int(v) for v in x)
    profiles = [(xs, y) if g == 1 else (y, xs) for y in members]
    return profiles, 2 ** len(free)


def backtrack_equilibrium_count(
    game: BayesianGame, max_nodes: int = MAX_NODES, summarize: bool = True
) -> tuple[list[Profile], int, int]:
    """All pure equilibria of a component, sorted, the nodes visited and how many
    equilibria there are: with ``summarize``, free-tie families of more than
    ``SUMMARIZED_FROM`` members are counted and listed by their extreme members (module
    docstring), so the count may exceed the listing."""
    found: list[Profile] = []
    count = 0
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
        family = _free_family(game, sides) if summarize else None
        if family is not None:
            found.extend(family[0])
            count += family[1]
            continue
        choice = _branch_cell(sides)
        if choice is None:
            count += 1
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
    return found, nodes, count


def _branch_cell(sides: list[_Side]) -> tuple[int, int] | None:
    """The undecided cell with the narrowest gain interval, cells tied whatever happens
    (both bounds zero) last (None: all decided)."""
    best: tuple[object, object, int, int] | None = None
    for f in (0, 1):
        undecided = np.nonzero(sides[f].actions == -1)[0]
        if not len(undecided):
            continue
        low, high = sides[f].bounds()
        tied = ((low == 0) & (high == 0))[undecided]
        width = (high - low)[undecided]
        for k in (np.nonzero(~tied)[0], np.nonzero(tied)[0]):
            if len(k):
                pick = int(k[np.argmin(width[k])])
                key = (bool(tied[pick]), width[pick])
                if best is None or key < best[:2]:  # type: ignore[operator]
                    best = (key[0], key[1], f, int(undecided[pick]))
                break
    return None if best is None else (best[2], best[3])
