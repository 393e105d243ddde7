"""Every pure Bayesian Nash equilibrium, by components and best-response pruning
(MODEL.md section 4).

Within a component, the firm with fewer cells (firm 1 when both have as many) is
enumerated (all its pure strategies, vectorized in blocks); the other firm's best
responses to each are read off the signs of its gains (a unique reply unless some gain
is exactly zero, when both actions are tried); a profile is kept when the enumerated
firm best-responds in turn. A component whose smaller side has more than
``BACKTRACK_FROM`` cells is searched instead by backtracking with exact gain bounds
(:mod:`solvers.equilibria.backtrack`), which is complete too and does not grow as 2^n
where propagation decides the cells; should that search exceed ``BACKTRACK_BUDGET``
nodes, enumeration takes over if the component is small enough for it. Signs are
exact: integer arithmetic in the exact path, float64 with exact re-decision of
near-ties in the float path. Equilibria of the whole game are the product of the
components' equilibria.

*Free ties* (:mod:`solvers.equilibria.free_ties`): a family of 2^k tie completions that
are all equilibria is counted, not listed, once 2^k exceeds ``SUMMARIZED_FROM``, and
listed by its extreme members; other families are listed completion by completion, up
to ``MAX_TIE_COMPLETIONS``.

:func:`plain_enumeration` checks every whole strategy profile of the undecomposed game;
it is the baseline of the benchmarks and the reference of the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

import numpy as np

from solvers.equilibria import free_ties
from solvers.equilibria.backtrack import (
    MAX_NODES,
    SearchBudgetExceeded,
    backtrack_equilibrium_count,
)
from solvers.errors import SolverLimitError
from solvers.exact.rounding import float_sign
from solvers.game import BayesianGame, FirmSide

Profile = tuple[tuple[int, ...], tuple[int, ...]]

#: Largest number of cells of the smaller firm in a component that is enumerated.
MAX_ENUMERATED_CELLS = 22
#: Components whose smaller side has more cells than this are searched by backtracking.
BACKTRACK_FROM = 14
#: Nodes the backtracking search may visit before enumeration takes over (where it can).
BACKTRACK_BUDGET = 2**15
#: Components whose enumerated firm has at most this many cells take the lean path
#: (plain Python integers), unless a strategy leaves more than ``SMALL_TIES`` ties.
SMALL_CELLS = 2
SMALL_TIES = 4
#: Largest number of tie completions tried for one strategy of the enumerated firm.
MAX_TIE_COMPLETIONS = 2**20
_BLOCK_BITS = 14


def gain_signs(side: FirmSide, other_actions: np.ndarray, exact: bool) -> np.ndarray:
    """Signs (-1, 0, 1) of a firm's gain of action 1 over 0 at each of its cells.

    ``other_actions``: ``(rows, n_other)`` 0/1 array; the result is ``(rows, n_own)``.
    Exact in both paths: the float path re-decides in integer arithmetic every entry
    within its rigorous rounding bound (``FirmSide.gain_bound``) of zero.
    """
    rows = other_actions.shape[0]
    n_own = side.base.shape[0]
    if n_own == 0:
        return np.zeros((rows, 0), dtype=np.int8)
    if exact:
        return _exact_signs(side, other_actions)
    gains = side.base_float[None, :] - other_actions.astype(float) @ side.weight_float.T
    signs = float_sign(gains, side.gain_bound[None, :])
    near = signs == 0
    if near.any():
        r, c = np.nonzero(near)
        acts = other_actions[r].astype(side.weight.dtype)
        signs[r, c] = _sign(side.base[c] - (acts * side.weight[c]).sum(axis=1))
    return signs


def _exact_signs(side: FirmSide, other_actions: np.ndarray) -> np.ndarray:
    acts = other_actions.astype(side.weight.dtype)
    return _sign(side.base[None, :] - acts @ side.weight.T)


def _sign(values: np.ndarray) -> np.ndarray:
    """Exact signs of an int64 or Python-int object array, as int8."""
    if values.dtype == object:
        return (values > 0).astype(np.int8) - (values < 0).astype(np.int8)
    return np.sign(values).astype(np.int8)


def is_best_response(actions: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Row-wise: does every cell play a best response (1 where gain >= 0, 0 where <= 0)?"""
    return np.all(np.where(actions == 1, signs >= 0, signs <= 0), axis=1)


def all_strategies(n: int, start: int = 0, stop: int | None = None) -> np.ndarray:
    """Pure strategies ``start..stop-1`` of a firm with ``n`` cells as 0/1 rows (bit j: cell j)."""
    stop = 2**n if stop is None else stop
    codes = np.arange(start, stop, dtype=np.int64)
    return ((codes[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1).astype(np.int8)


def component_pure_equilibria(game: BayesianGame, exact: bool) -> list[Profile]:
    """All pure equilibria of a game that is one component (or any game), sorted
    (module docstring: enumeration, or backtracking for large components).

    Raises :class:`SolverLimitError` when neither can finish: the backtracking search
    needs more than its node limit and both firms have more than
    ``MAX_ENUMERATED_CELLS`` cells.
    """
    return component_equilibrium_count(game, exact, summarize=False)[0]


def component_equilibrium_count(
    game: BayesianGame, exact: bool, summarize: bool = True
) -> tuple[list[Profile], int]:
    """The pure equilibria of one component, sorted, and how many there are: with
    ``summarize``, free-tie families beyond ``SUMMARIZED_FROM`` completions are counted
    and listed by their extreme members (module docstring), so the count may exceed
    the listing."""
    n1, n2 = game.sizes
    n_x = min(n1, n2)
    if n_x > BACKTRACK_FROM:
        small = n_x <= MAX_ENUMERATED_CELLS
        try:
            budget = BACKTRACK_BUDGET if small else MAX_NODES
            found, _, count = backtrack_equilibrium_count(game, budget, summarize)
            return found, count
        except SearchBudgetExceeded:
            if not small:
                raise
    return _enumerate(game, exact, summarize)


def enumerate_component(game: BayesianGame, exact: bool) -> list[Profile]:
    """All pure equilibria by enumerating the smaller firm's strategies (module docstring)."""
    return _enumerate(game, exact, summarize=False)[0]


def _enumerate(game: BayesianGame, exact: bool, summarize: bool) -> tuple[list[Profile], int]:
    n1, n2 = game.sizes
    enumerated = 0 if n1 <= n2 else 1
    n_x = (n1, n2)[enumerated]
    if n_x > MAX_ENUMERATED_CELLS:
        raise SolverLimitError(
            f"component with {n1} x {n2} cells: enumeration handles components where one firm "
            f"has at most {MAX_ENUMERATED_CELLS} cells; use method 'potential' (one pure "
            "equilibrium per component) or 'milp' (the best ones)"
        )
    side_x, side_y = game.sides[enumerated], game.sides[1 - enumerated]
    # the lean path lists every tie completion: only where no family could be summarized
    if n_x <= SMALL_CELLS and (not summarize or 2**SMALL_TIES <= free_ties.SUMMARIZED_FROM):
        small = _small_equilibria(side_x, side_y)
        if small is not None:
            found_small = sorted((x, y) if enumerated == 0 else (y, x) for x, y in small)
            return found_small, len(found_small)
    labels_x = np.asarray(game.info.cell_training[enumerated], dtype=np.int64)
    found: list[Profile] = []
    total = 0
    block = 2**_BLOCK_BITS
    for start in range(0, 2**n_x, block):
        xs = all_strategies(n_x, start, min(start + block, 2**n_x))
        for x, ys, count in _equilibria_of_block(xs, side_x, side_y, labels_x, exact, summarize):
            total += count
            found.extend((x, y) if enumerated == 0 else (y, x) for y in ys)
    found.sort()
    return found, total


def _small_equilibria(
    side_x: FirmSide, side_y: FirmSide
) -> list[tuple[tuple[int, ...], tuple[int, ...]]] | None:
    """The lean path of :func:`_enumerate` for a few enumerated cells: the same
    enumeration in plain Python integers (the gain coefficients' exact signs), with no
    numpy round trip per strategy; None (use the general path) when some strategy leaves
    more than ``SMALL_TIES`` cells of the other firm indifferent."""
    base_x, weight_x = side_x.base.tolist(), side_x.weight.tolist()
    base_y, weight_y = side_y.base.tolist(), side_y.weight.tolist()
    found = []
    for x in product((0, 1), repeat=len(base_x)):
        gains_y = [b - sum(w * a for w, a in zip(row, x)) for b, row in zip(base_y, weight_y)]
        tied = [c for c, g in enumerate(gains_y) if g == 0]
        if len(tied) > SMALL_TIES:
            return None
        reply = [1 if g > 0 else 0 for g in gains_y]
        for completion in product((0, 1), repeat=len(tied)):
            for c, a in zip(tied, completion):
                reply[c] = a
            gains_x = (
                b - sum(w * a for w, a in zip(row, reply)) for b, row in zip(base_x, weight_x)
            )
            if all(g >= 0 if a == 1 else g <= 0 for a, g in zip(x, gains_x)):
                found.append((x, tuple(reply)))
    return found


def _equilibria_of_block(
    xs: np.ndarray,
    side_x: FirmSide,
    side_y: FirmSide,
    labels_x: np.ndarray,
    exact: bool,
    summarize: bool,
) -> Iterator[tuple[tuple[int, ...], list[tuple[int, ...]], int]]:
    """Per strategy x of the enumerated firm with equilibria: x, the listed replies y,
    and how many equilibria they stand for."""
    signs_y = gain_signs(side_y, xs, exact)
    ties = signs_y == 0
    unique = ~ties.any(axis=1)
    replies = (signs_y > 0).astype(np.int8)
    if unique.any():
        xu, yu = xs[unique], replies[unique]
        keep = is_best_response(xu, gain_signs(side_x, yu, exact))
        for x, y in zip(xu[keep], yu[keep]):
            yield tuple(int(v) for v in x), [tuple(int(v) for v in y)], 1
    for row in np.nonzero(~unique)[0]:
        free = np.nonzero(ties[row])[0]
        x = tuple(int(v) for v in xs[row])
        if summarize and 2 ** len(free) > free_ties.SUMMARIZED_FROM:
            members = free_ties.free_tie_members(xs[row], replies[row], free, side_x, labels_x)
            if members is not None:
                yield x, members, 2 ** len(free)
                continue
        if 2 ** len(free) > MAX_TIE_COMPLETIONS:
            raise SolverLimitError(
                f"{len(free)} cells are indifferent at once: more than "
                f"{MAX_TIE_COMPLETIONS} tie completions to try; use method 'potential' or "
                "'milp'"
            )
        ys = np.repeat(replies[row][None, :], 2 ** len(free), axis=0)
        ys[:, free] = all_strategies(len(free))
        xrep = np.repeat(xs[row][None, :], len(ys), axis=0)
        keep = is_best_response(xrep, gain_signs(side_x, ys, exact))
        listed = [tuple(int(v) for v in y) for y in ys[keep]]
        if listed:
            yield x, listed, len(listed)


def plain_enumeration(
    game: BayesianGame, exact: bool = True, firm1_codes: range | None = None
) -> list[Profile]:
    """All pure equilibria by checking every whole strategy profile (no decomposition).

    The reference: ``2^(n1 + n2)`` profiles, each checked for both firms. For each firm-1
    strategy the firm-2 strategies are checked in one vectorized block. ``firm1_codes``
    restricts the check to the firm-1 strategies with those codes (bit j = cell j), so
    that a large enumeration can be split up or sampled.
    """
    n1, n2 = game.sizes
    codes = range(2**n1) if firm1_codes is None else firm1_codes
    side1, side2 = game.sides
    found: list[Profile] = []
    ys = all_strategies(n2)
    for code in codes:
        x = all_strategies(n1, code, code + 1)[0]
        xs = np.repeat(x[None, :], len(ys), axis=0)
        ok = is_best_response(ys, gain_signs(side2, xs, exact)) & is_best_response(
            xs, gain_signs(side1, ys, exact)
        )
        found.extend((tuple(int(v) for v in x), tuple(int(v) for v in y)) for y in ys[ok])
    found.sort()
    return found


def combine_components(game: BayesianGame, parts: list[list[Profile]]) -> Iterator[Profile]:
    """Whole-game profiles from one equilibrium per component (the product, in order)."""
    n1, n2 = game.sizes
    components = game.components
    for choice in product(*parts):
        a1 = [0] * n1
        a2 = [0] * n2
        for component, (x, y) in zip(components, choice):
            for c, a in zip(component.cells1, x):
                a1[c] = a
            for c, a in zip(component.cells2, y):
                a2[c] = a
        yield tuple(a1), tuple(a2)
