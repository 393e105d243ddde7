"""Exact ties without exact arithmetic: payoff codes of equilibria at each realization.

An interim payoff is a sum over realizations ``r`` (with the firm's training label) and
labels ``y`` of ``mass[r, y]`` times what the firm earns there: ``E(a, y)``, halved when
both firms take the same action (MODEL.md section 2). Code that earning as 0 when its
utility parameter is zero at the point, else ``1 + 2 p + same`` (p: which of R0, R1, C0,
C1; same: the split). Two sums whose codes agree at every realization and label of
positive mass are the same function of the masses, so their difference is exactly
zero, whatever float64 makes of it. Contracts that induce the same play (``no`` and
``train`` in much of the correlation setting) tie this way on whole regions; the batch
classifier decides those ties here instead of sending the point to the exact engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from solvers.sweep.equilibria import ContractEquilibria

#: The utility parameter behind E(a, y), as an index into (R0, R1, C0, C1): [a][y].
_PARAMETER = ((0, 2), (3, 1))


@dataclass(frozen=True)
class PayoffCodes:
    """Payoff codes of one contract at some points (the last axis, M of them).

    ``best[f][t]``: ``(R, 2, M)`` codes of firm f when every component plays its
    equilibrium of highest contribution to firm f's label t (meaningful on the
    realizations with firm f's label t); ``ambiguous[f][t]``: ``(M,)`` some component
    has another equilibrium within the tolerance of that maximum but with other codes.
    ``several``: positions (into M) of the points where some component has several
    equilibria; ``candidate[f, r, x, y, s]``: firm f's code at realization r and label y
    when r's component plays its candidate x, at the point ``several[s]``.
    """

    best: list[list[np.ndarray]]
    ambiguous: list[list[np.ndarray]]
    several: np.ndarray
    candidate: np.ndarray
    _keys: dict[tuple[int, int], np.ndarray] = field(default_factory=dict, compare=False)

    def key(self, firm: int, label: int, labelled: np.ndarray, positive: np.ndarray) -> np.ndarray:
        """``(M,)`` one opaque value per point: equal exactly when :func:`same_codes` says
        the codes of ``best[firm][label]`` agree on the ``labelled`` realizations."""
        if (firm, label) not in self._keys:
            codes = np.where(positive[labelled][:, :, None], self.best[firm][label][labelled], 0)
            width = codes.shape[0] * codes.shape[1]
            rows = np.ascontiguousarray(codes.reshape(width, -1).T)  # (M, width)
            self._keys[(firm, label)] = rows.view(np.dtype((np.void, rows.shape[1]))).ravel()
        return self._keys[(firm, label)]


def _codes(actions: np.ndarray, utility: np.ndarray, firms: tuple[int, ...] = (0, 1)) -> np.ndarray:
    """Codes ``(F, ..., 2, M)`` (label axis inserted before the points) of the actions
    ``(2, ..., M)`` of the given firms under ``utility`` ``(4, M)`` (module docstring)."""
    same = (actions[0] == actions[1]).astype(np.int8)
    out = np.zeros((len(firms),) + actions.shape[1:-1] + (2, actions.shape[-1]), dtype=np.int8)
    for y in (0, 1):
        base = [
            np.where(utility[_PARAMETER[a][y]] == 0, 0, 1 + 2 * _PARAMETER[a][y]).astype(np.int8)
            for a in (0, 1)
        ]
        for k, f in enumerate(firms):
            code = base[0] + actions[f] * (base[1] - base[0])
            out[k, ..., y, :] = code + same * (code > 0)
    return out


def _chosen_actions(
    result: ContractEquilibria, choice: list[np.ndarray], cols: np.ndarray
) -> np.ndarray:
    """``(2, R, M)``: both firms' actions at every realization when component g of group
    k plays its candidate ``choice[k][g]`` (per point)."""
    placement = result.layout.placement
    actions = np.zeros((2, len(placement), len(cols)), dtype=np.int8)
    for k, eq in enumerate(result.groups):
        here = np.nonzero(placement[:, 0] == k)[0]
        g, i, j = placement[here, 1], placement[here, 2], placement[here, 3]
        own_x, own_y = (i, j) if eq.group.enumerated == 0 else (j, i)
        pick = choice[k][g]  # (H, M)
        x = eq.group.candidates[pick, own_x[:, None]]
        y = eq.replies[g[:, None], pick, own_y[:, None], cols[None, :]]
        first, second = (x, y) if eq.group.enumerated == 0 else (y, x)
        actions[0, here] = first
        actions[1, here] = second
    return actions


def _candidate_actions(result: ContractEquilibria, cols: np.ndarray) -> np.ndarray:
    """``(2, R, X, M)``: both firms' actions when r's component plays candidate x."""
    placement = result.layout.placement
    widest = max(eq.group.candidates.shape[0] for eq in result.groups)
    actions = np.zeros((2, len(placement), widest, len(cols)), dtype=np.int8)
    for k, eq in enumerate(result.groups):
        here = np.nonzero(placement[:, 0] == k)[0]
        g, i, j = placement[here, 1], placement[here, 2], placement[here, 3]
        own_x, own_y = (i, j) if eq.group.enumerated == 0 else (j, i)
        x = eq.group.candidates[:, own_x].T[:, :, None]  # (H, nX, 1)
        y = eq.replies[g[:, None], :, own_y[:, None], cols[None, :]].transpose(0, 2, 1)
        first, second = (x, y) if eq.group.enumerated == 0 else (y, x)
        width = eq.group.candidates.shape[0]
        actions[0, here, :width] = first
        actions[1, here, :width] = second
    return actions


def payoff_codes(
    result: ContractEquilibria,
    utility: np.ndarray,
    label_counts: tuple[int, int],
    cols: np.ndarray,
    tol: np.ndarray,
) -> PayoffCodes:
    """The codes of ``result`` at the points ``cols`` (``tol``: every point's tolerance)."""
    placement = result.layout.placement
    own_labels = result.layout.own_labels
    point_utility = utility[:, cols]
    several = np.nonzero(result.count[cols] > 1)[0]
    candidate = _codes(_candidate_actions(result, cols[several]), point_utility[:, several])
    # where every component has one equilibrium, it is the best for every label
    unique = _codes(
        _chosen_actions(
            result, [np.argmax(eq.mask[:, :, cols], axis=1) for eq in result.groups], cols
        ),
        point_utility,
    )
    best: list[list[np.ndarray]] = [[], []]
    ambiguous: list[list[np.ndarray]] = [[], []]
    for f in (0, 1):
        for t in range(label_counts[f]):
            codes = unique[f].copy()
            unclear = np.zeros(len(cols), dtype=bool)
            if several.size:
                at = cols[several]
                tops, choice = [], []
                for eq in result.groups:
                    values = np.where(
                        eq.mask[:, :, at], eq.contributions[f][:, :, t][:, :, at], -np.inf
                    )
                    choice.append(np.argmax(values, axis=1))  # (G, S)
                    tops.append(values)
                mine = _codes(_chosen_actions(result, choice, at), point_utility[:, several], (f,))[
                    0
                ]
                codes[:, :, several] = mine
                for k, (eq, values) in enumerate(zip(result.groups, tops)):
                    here = np.nonzero((placement[:, 0] == k) & (own_labels[f] == t))[0]
                    g = placement[here, 1]
                    close = values >= values.max(axis=1, keepdims=True) - tol[at]
                    width = eq.group.candidates.shape[0]
                    differs = (candidate[f, here, :width] != mine[here][:, None]).any(axis=2)
                    unclear[several] |= (close[g] & differs).any(axis=(0, 1))
            best[f].append(codes)
            ambiguous[f].append(unclear)
    return PayoffCodes(best, ambiguous, several, candidate)


def same_codes(
    first: np.ndarray, second: np.ndarray, positive: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """``(M,)``: do two code arrays ``(R, 2, M)`` agree on the realizations ``rows`` at
    every label of positive mass (``positive[r, y]``)?"""
    agree = (first[rows] == second[rows]) | ~positive[rows][:, :, None]
    return agree.all(axis=(0, 1))
