"""Pure equilibria of every component of a contract over a block of points (MODEL.md
section 4), vectorized: the engine's enumeration (solvers.equilibria.pure) with points on the last
axis of every array.

For each component the enumerated firm's pure strategies are listed once (the layout's
candidates); the other firm's reply to each is the sign of its gains, and the pair is an
equilibrium when the candidate best-responds in turn. A sign within the tolerance of
zero is not decided here: the point is reported as undecided.

In exact mode (the batch classifier's integer pass: every mass and utility an integer
held exactly in float64, see solvers.sweep.batch) a zero is a tie, decided here: a cell
that is indifferent may take either action. The enumerated firm's ties need nothing more
(a weak best reply); where the replying firm may be indifferent, both firms' strategies
are listed together (every pair, at most ``MAX_JOINT_CANDIDATES``), so that every reply
to a candidate is tried.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from solvers.equilibria.pure import all_strategies
from solvers.sweep.layout import ComponentGroup, ContractLayout

#: Most pure profiles of one component listed together in exact mode (both firms'
#: strategies); a component with more, tied on the replying side, is left undecided.
MAX_JOINT_CANDIDATES = 4096


@dataclass
class GroupEquilibria:
    """One component group's equilibria over a block of points (points on the last axis)."""

    group: ComponentGroup
    mask: np.ndarray  # (G, nX, N): candidate is an equilibrium
    replies: np.ndarray  # (G, nX, ny, N): the other firm's reply to each candidate
    contributions: tuple[np.ndarray, np.ndarray]  # per firm (G, nX, T_f, N)
    best: tuple[np.ndarray, np.ndarray]  # per firm (G, T_f, N): max over equilibria
    counts: np.ndarray  # (G, N)


def _with_constant(E: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``out[g, x, j] = sum_i E[g, i, j] X[x, i]`` for a constant 0/1 matrix X: one
    matrix product per component over the contiguous (cell, point) trailing axes, with
    no transposed copy."""
    g, nx = E.shape[:2]
    product = X @ np.ascontiguousarray(E).reshape(g, nx, -1)
    return product.reshape((g, X.shape[0]) + E.shape[2:])


def _with_replies(E: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """``out[g, x, i] = sum_j E[g, i, j] Y[g, x, j]`` (per point)."""
    out = E[:, None, :, 0] * Y[:, :, None, 0]
    for j in range(1, E.shape[2]):
        out += E[:, None, :, j] * Y[:, :, None, j]
    return out


def joint_candidates(group: ComponentGroup) -> tuple[np.ndarray, np.ndarray] | None:
    """Every pure profile of the group's components: the enumerated firm's strategies
    ``(nXY, nx)`` and the other firm's ``(nXY, ny)``, row by row; None beyond
    ``MAX_JOINT_CANDIDATES``."""
    nx = group.candidates.shape[1]
    ny = group.pairs.shape[2 if group.enumerated == 0 else 1]
    if 2 ** (nx + ny) > MAX_JOINT_CANDIDATES:
        return None
    replies = all_strategies(ny).astype(float)
    return (
        np.repeat(group.candidates, len(replies), axis=0),
        np.tile(replies, (len(group.candidates), 1)),
    )


def group_equilibria(
    group: ComponentGroup, e0: np.ndarray, e1: np.ndarray, tol: np.ndarray, exact: bool = False
) -> tuple[GroupEquilibria, np.ndarray]:
    """Every pure equilibrium of each component of the group, and the points where a
    sign was too close to call. ``e0``, ``e1``: ``(P + 1, N)`` per pair, zero last.
    ``exact``: the numbers are exact and a zero is a tie (module docstring).

    With ``E_a[g, i, j]`` the enumerated firm's ``e_a`` (solvers.game) and ``W = E_1 + E_0``
    (the same seen from both sides), twice the other firm's gain at its cell j against
    candidate x is ``sum_i (2 E_1 - E_0)[i, j] - sum_i W[i, j] x_i``, and the enumerated
    firm's is ``sum_j (2 E_1 - E_0)[i, j] - sum_j W[i, j] y_j``.
    """
    E0, E1 = e0[group.pairs], e1[group.pairs]  # (G, n1, n2, N), firm 1's view
    if group.enumerated == 1:
        E0, E1 = E0.swapaxes(1, 2), E1.swapaxes(1, 2)
    profiles = joint_candidates(group) if exact else None
    X = group.candidates if profiles is None else profiles[0]  # (nX, nx)
    chosen = X[None, :, :, None] == 1
    rows0, rows1 = E0.sum(axis=2)[:, None], E1.sum(axis=2)[:, None]  # (G, 1, nx, N)
    cols0, cols1 = E0.sum(axis=1)[:, None], E1.sum(axis=1)[:, None]  # (G, 1, ny, N)
    Q0, Q1 = _with_constant(E0, X), _with_constant(E1, X)  # (G, nX, ny, N)
    gain_y = 2 * cols1 - cols0 - Q0 - Q1
    if profiles is None:
        near = np.abs(gain_y).min(axis=(0, 1, 2)) <= tol
        replies = gain_y > 0
        Y = replies.astype(float)
    else:  # every reply listed: keep those that are (weak) best replies
        near = np.zeros(gain_y.shape[-1], dtype=bool)
        replies = np.broadcast_to(profiles[1][None, :, :, None] == 1, gain_y.shape)
        Y = replies.astype(float)
        reply_ok = np.where(replies, gain_y, -gain_y).min(axis=2) >= 0
    P0, P1 = _with_replies(E0, Y), _with_replies(E1, Y)  # (G, nX, nx, N)
    gain_x = 2 * rows1 - rows0 - P0 - P1
    worst = np.where(chosen, gain_x, -gain_x).min(axis=2)  # (G, nX, N): least sure reply
    if exact:
        mask = worst >= 0
        if profiles is not None:
            mask &= reply_ok
            group = replace(group, candidates=X)
    else:
        mask = worst > tol
        near |= np.abs(worst).min(axis=(0, 1)) <= tol
    # each firm's cell values (solvers.game.action_values), then per training label
    value_x = np.where(chosen, rows1 - P1 / 2, (rows0 + P0) / 2)
    value_y = np.where(replies, cols1 - Q1 / 2, (cols0 + Q0) / 2)
    per_firm = (value_x, value_y) if group.enumerated == 0 else (value_y, value_x)
    contributions = tuple(
        np.einsum("gxcn,gct->gxtn", v, labels) for v, labels in zip(per_firm, group.labels)
    )
    best = tuple(np.where(mask[:, :, None], c, -np.inf).max(axis=1) for c in contributions)
    equilibria = GroupEquilibria(
        group, mask, Y, (contributions[0], contributions[1]), (best[0], best[1]), mask.sum(axis=1)
    )
    return equilibria, near


@dataclass
class ContractEquilibria:
    layout: ContractLayout
    groups: list[GroupEquilibria]
    count: np.ndarray  # (N,)
    payoff_range: dict[str, np.ndarray]  # u1_min, u1_max, u2_min, u2_max
    best: tuple[np.ndarray, np.ndarray]  # (T_f, N): sum over components of maxima


def contract_equilibria(
    layout: ContractLayout,
    joint: np.ndarray,
    utility: np.ndarray,
    tol: np.ndarray,
    exact: bool = False,
) -> tuple[ContractEquilibria, np.ndarray]:
    """The equilibria of one contract at every point. ``joint``: ``(R, 2, N)``;
    ``utility``: ``(4, N)`` as ``(R0, R1, C0, C1)``; ``exact``: see :func:`group_equilibria`."""
    n = joint.shape[2]
    pair_mass = np.tensordot(layout.aggregation, joint, axes=([0], [0]))  # (P, 2, N)
    r0, r1, c0, c1 = utility
    zero = np.zeros((1, n))
    e0 = np.concatenate([pair_mass[:, 0] * r0 - pair_mass[:, 1] * c0, zero])
    e1 = np.concatenate([pair_mass[:, 1] * r1 - pair_mass[:, 0] * c1, zero])
    near = np.zeros(n, dtype=bool)
    groups = []
    count = np.ones(n, dtype=np.int64)
    ranges = {key: np.zeros(n) for key in ("u1_min", "u1_max", "u2_min", "u2_max")}
    best = [np.zeros((t, n)) for t in (g.shape[2] for g in layout.groups[0].labels)]
    for group in layout.groups:
        eq, group_near = group_equilibria(group, e0, e1, tol, exact)
        near |= group_near
        groups.append(eq)
        count *= eq.counts.prod(axis=0)
        for f in (0, 1):
            totals = eq.contributions[f].sum(axis=2)  # (G, nX, N): ex-ante
            ranges[f"u{f + 1}_min"] += np.where(eq.mask, totals, np.inf).min(axis=1).sum(axis=0)
            ranges[f"u{f + 1}_max"] += np.where(eq.mask, totals, -np.inf).max(axis=1).sum(axis=0)
            best[f] += eq.best[f].sum(axis=0)
    return ContractEquilibria(layout, groups, count, ranges, (best[0], best[1])), near
