"""Eq. (6) dominance between every ordered pair of contracts, over a block of points.

As in :mod:`solvers.analysis.dominance`, "for every equilibrium of d" becomes the sum over d's
components of their maxima at the firm's label, and "some equilibrium of c" the
combinations of equilibria of c's components: components that meet only one firm's
label contribute their maximum, and only those meeting both labels of ``z = (t1, t2)``
are combined, where some of them has several equilibria. A margin within the tolerance
of zero is exactly zero when the payoff codes of both sides agree (solvers.sweep.ties);
any other undecided margin leaves the point to the exact engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solvers.sweep.equilibria import ContractEquilibria
from solvers.sweep.layout import SweepLayout
from solvers.sweep.ties import PayoffCodes, payoff_codes, same_codes

#: Most combinations of equilibria over the components that meet one training pair that
#: are summed in float for Eq. (6); a point that needs more is re-solved exactly.
MAX_COMBINATIONS = 4096


@dataclass(frozen=True)
class _Combinations:
    """Combinations of equilibria of c's components meeting both labels of z, at ``rows``:
    ``sums[f]`` ``(L, M)`` firm f's interim sum; ``valid`` ``(L, M)``; ``choice``
    ``(L, B, M)`` the candidate of each of those components (``parts[b] = (group,
    component)``). Invalid combinations are dropped as they appear, so L is the largest
    number of valid ones at any point (not the product of the candidate counts)."""

    rows: np.ndarray
    sums: tuple[np.ndarray, np.ndarray]
    valid: np.ndarray
    choice: np.ndarray
    parts: list[tuple[int, int]]


def _combinations(
    result: ContractEquilibria, z: tuple[int, int], rows: np.ndarray
) -> _Combinations | None:
    """Every combination of equilibria of the components meeting both labels of z, plus
    the maxima of the components meeting one; None beyond ``MAX_COMBINATIONS``."""
    t1, t2 = z
    m = len(rows)
    sum1 = result.best[0][t1, rows][None].copy()
    sum2 = result.best[1][t2, rows][None].copy()
    valid = np.ones_like(sum1, dtype=bool)
    choice = np.zeros((1, 0, m), dtype=np.int64)
    parts = []
    for k, eq in enumerate(result.groups):
        both = np.nonzero(eq.group.touches(0)[:, t1] & eq.group.touches(1)[:, t2])[0]
        for g in both:
            width = eq.group.candidates.shape[0]
            if sum1.shape[0] * width > MAX_COMBINATIONS:
                return None
            sum1 = sum1 - eq.best[0][g, t1, rows]
            sum2 = sum2 - eq.best[1][g, t2, rows]
            total = sum1.shape[0] * width
            sum1 = (sum1[:, None] + eq.contributions[0][g, :, t1][:, rows][None]).reshape(total, m)
            sum2 = (sum2[:, None] + eq.contributions[1][g, :, t2][:, rows][None]).reshape(total, m)
            valid = (valid[:, None] & eq.mask[g][:, rows][None]).reshape(total, m)
            picks = np.broadcast_to(
                np.arange(width)[None, :, None, None], (len(choice), width, 1, m)
            )
            choice = np.concatenate(
                [np.repeat(choice[:, None], width, axis=1), picks], axis=2
            ).reshape(total, -1, m)
            parts.append((k, int(g)))
            # keep only valid combinations, valid ones first in every column
            keep = int(valid.sum(axis=0).max())
            if keep < total:
                order = np.argsort(~valid, axis=0, kind="stable")[:keep]
                sum1 = np.take_along_axis(sum1, order, axis=0)
                sum2 = np.take_along_axis(sum2, order, axis=0)
                valid = np.take_along_axis(valid, order, axis=0)
                choice = np.take_along_axis(choice, order[:, None, :], axis=0)
    return _Combinations(rows, (sum1, sum2), valid, choice, parts)


def _several(result: ContractEquilibria, z: tuple[int, int]) -> np.ndarray:
    """Points where some component meeting both labels of z has several equilibria."""
    t1, t2 = z
    several = np.zeros(result.count.shape, dtype=bool)
    for eq in result.groups:
        both = eq.group.touches(0)[:, t1] & eq.group.touches(1)[:, t2]
        if both.any():
            several |= (eq.counts[both] > 1).any(axis=0)
    return several


def dominance(
    results: list[ContractEquilibria],
    layout: SweepLayout,
    utility: np.ndarray,
    tol: np.ndarray,
    exact: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (6) for every ordered pair: ``dominates[c, d, n]``, and the undecided points.
    ``exact``: the payoffs are exact (the integer pass), so a zero margin is a tie and
    no payoff code is needed."""
    n, count = len(tol), len(results)
    pairs = [(int(t1), int(t2)) for t1, t2 in layout.training_pairs]
    combos: dict[tuple[int, tuple[int, int]], _Combinations] = {}
    near = np.zeros(n, dtype=bool)
    margins = {}
    for ci, c in enumerate(results):
        for z in pairs:
            rows = np.nonzero(_several(c, z))[0]
            if rows.size:
                found = _combinations(c, z, rows)
                if found is None:
                    near[rows] = True
                else:
                    combos[(ci, z)] = found
            for di, d in enumerate(results):
                if di != ci:
                    margins[(ci, di, z)] = (
                        c.best[0][z[0]] - d.best[0][z[0]],
                        c.best[1][z[1]] - d.best[1][z[1]],
                    )
    tied = np.zeros(n, dtype=bool)
    for (ci, di, z), (m1, m2) in margins.items():
        tied |= (np.abs(m1) <= tol) | (np.abs(m2) <= tol)
        if (ci, z) in combos:
            found = combos[(ci, z)]
            for f, label in enumerate(z):
                close = (
                    np.abs(found.sums[f] - results[di].best[f][label, found.rows])
                    <= tol[found.rows]
                )
                tied[found.rows] |= (close & found.valid).any(axis=0)
    cols = np.nonzero(tied & ~near & (not exact))[0]
    own_labels = (layout.realizations[:, 0], layout.realizations[:, 1])
    codes = [payoff_codes(r, utility, layout.labels, cols, tol) for r in results]
    position = np.full(n, -1, dtype=np.int64)
    position[cols] = np.arange(len(cols))
    dominates = np.ones((count, count, n), dtype=bool)
    for (ci, di, z), (m1, m2) in margins.items():
        zero = [np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)]
        for f, label in enumerate(z):
            if exact:
                zero[f] = (m1, m2)[f] == 0
                continue
            rows = own_labels[f] == label
            first, second = codes[ci], codes[di]
            equal = first.key(f, label, rows, layout.positive) == second.key(
                f, label, rows, layout.positive
            )
            equal &= ~first.ambiguous[f][label] & ~second.ambiguous[f][label]
            zero[f][cols] = equal
        up = [(m > tol) | zr for m, zr in zip((m1, m2), zero)]
        down = [(m < -tol) & ~zr for m, zr in zip((m1, m2), zero)]
        sure, fails = up[0] & up[1], down[0] | down[1]
        if (ci, z) in combos:
            found = combos[(ci, z)]
            sure[found.rows], fails[found.rows] = _decide_combinations(
                found, results[ci], results[di], (codes[ci], codes[di]), position, z, layout, tol,
                exact,
            )  # fmt: skip
        near |= ~sure & ~fails
        dominates[ci, di] &= ~fails
    return dominates, near


def _decide_combinations(
    found: _Combinations,
    c: ContractEquilibria,
    d: ContractEquilibria,
    codes: tuple[PayoffCodes, PayoffCodes],
    position: np.ndarray,
    z: tuple[int, int],
    layout: SweepLayout,
    tol: np.ndarray,
    exact: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Is some valid combination surely at least d's maxima for both firms (sure), or is
    every one surely below for one firm (fails)? Ties decided by payoff codes (exactly
    when ``exact``)."""
    rows = found.rows
    t = tol[rows]
    decided_up, decided_down = [], []
    at = position[rows]
    coded = at >= 0
    for f, label in enumerate(z):
        margin = found.sums[f] - d.best[f][label, rows]
        zero = margin == 0 if exact else np.zeros_like(margin, dtype=bool)
        needed = coded & ((np.abs(margin) <= t) & found.valid).any(axis=0)
        if needed.any():
            zero[:, needed] = _combination_ties(
                found,
                c.layout.placement,
                codes,
                at[needed],
                np.nonzero(needed)[0],
                f,
                label,
                layout,
            )
        decided_up.append((margin > t) | zero)
        decided_down.append((margin < -t) & ~zero)
    sure = (found.valid & decided_up[0] & decided_up[1]).any(axis=0)
    fails = (~found.valid | decided_down[0] | decided_down[1]).all(axis=0)
    return sure, fails


def _combination_ties(
    found: _Combinations,
    placement: np.ndarray,
    codes: tuple[PayoffCodes, PayoffCodes],
    at: np.ndarray,
    cols: np.ndarray,
    firm: int,
    label: int,
    layout: SweepLayout,
) -> np.ndarray:
    """``(L, M')``: is combination l's sum for the firm's label exactly d's maximum?
    ``cols``: the positions of the M' points among the combinations' rows."""
    codes_c, codes_d = codes
    labelled = layout.realizations[:, firm] == label
    slot = np.full(len(codes_c.ambiguous[0][0]), -1, dtype=np.int64)
    slot[codes_c.several] = np.arange(len(codes_c.several))
    where = slot[at]  # every combination point has several equilibria of c
    target = codes_d.best[firm][label][:, :, at]  # (R, 2, M')
    clear = ~codes_c.ambiguous[firm][label][at] & ~codes_d.ambiguous[firm][label][at]
    own = codes_c.best[firm][label][:, :, at]
    combined = np.ones((found.choice.shape[0], len(at)), dtype=bool)
    covered = np.zeros(len(labelled), dtype=bool)
    for b, (k, g) in enumerate(found.parts):
        members = (placement[:, 0] == k) & (placement[:, 1] == g)
        rows = np.nonzero(members & labelled)[0]
        covered[rows] = True
        if not rows.size:
            continue
        cand = codes_c.candidate[firm][rows][:, :, :, where]  # (H, X, 2, M')
        agree = (cand == target[rows][:, None]) | ~layout.positive[rows][:, None, :, None]
        per_candidate = agree.all(axis=(0, 2))  # (X, M')
        combined &= np.take_along_axis(per_candidate, found.choice[:, b][:, cols], axis=0)
    rest = np.nonzero(labelled & ~covered)[0]
    outside = same_codes(own, target, layout.positive, rest)
    return combined & (outside & clear)[None]
