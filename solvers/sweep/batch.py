"""The batch classifier: the whole IRPO analysis of many parameter points at once.

For a block of points of one family it computes in float64 numpy, with no loop over
points, what :func:`solvers.analysis.analyze` decides for each (MODEL.md section 4):

1. the joint mass of every realization (MODEL.md section 2), and from it the mass of
   every cell pair of every contract (one product with the layout's 0/1 aggregation);
2. per component, every pure strategy of the enumerated firm, the other firm's reply
   (the sign of its gains) and whether the pair is an equilibrium: the engine's
   enumeration (:mod:`solvers.pure`), vectorized over points and components;
3. every equilibrium's contribution to each firm's interim payoffs, the ex-ante payoff
   range, and Eq. (6) dominance through the components' maxima and, where some
   component has several equilibria, the sums over their combinations;
4. IR, PO, IRPO, unique IRPO and unique IRPO up to equivalence.

Every decision is a sign. A sign is trusted only when its quantity is farther than
``TOLERANCE`` times the point's payoff scale ``max(R0, R1, C0, C1)`` from zero (masses:
``TOLERANCE`` itself, since they sum to one). The float64 error of every mass, gain and
payoff computed here is below ``1e-12`` of that scale (fewer than a few thousand
operations on numbers of at most that size, see solvers.rounding), so a trusted sign
is the exact one. Every other point -- a tie, a near-tie, a support that differs from
the layout's -- is re-solved by the exact engine and flagged ``exact_rechecked``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from contracts import Environment
from solvers.analysis import ContractAnalysis, analyze
from solvers.sweep.layout import ComponentGroup, ContractLayout, SweepLayout

#: Distance from zero, as a fraction of the point's payoff scale, below which a sign is
#: decided by the exact engine instead.
TOLERANCE = 1e-9
#: Most combinations of equilibria over the components that meet one training pair that
#: are summed in float for Eq. (6); a point that needs more is re-solved exactly.
MAX_COMBINATIONS = 4096
#: Points classified together inside one call (bounds memory, keeps arrays in cache).
BLOCK_POINTS = 8192

Columns = dict[str, np.ndarray]


def verdict_columns(names: tuple[str, ...]) -> list[str]:
    """Names of the verdict columns, in order (see README, "Phase diagrams")."""
    columns = []
    for name in names:
        columns += [f"{name}.equilibria"] + [
            f"{name}.{firm}_{end}" for firm in ("u1", "u2") for end in ("min", "max")
        ]
        columns.append(f"{name}.dominates")
    return columns + [
        "ir",
        "po",
        "irpo",
        "unique_irpo",
        "unique_irpo_up_to_equivalence",
        "exact_rechecked",
    ]


@dataclass
class _Equilibria:
    """One component group's equilibria over a block of points."""

    group: ComponentGroup
    mask: np.ndarray  # (N, G, nX): candidate is an equilibrium
    replies: np.ndarray  # (N, G, nX, ny): the other firm's reply to each candidate
    contributions: tuple[np.ndarray, np.ndarray]  # per firm (N, G, nX, T_f)
    best: tuple[np.ndarray, np.ndarray]  # per firm (N, G, T_f): max over equilibria
    counts: np.ndarray  # (N, G)


def _group_equilibria(
    group: ComponentGroup, e0: np.ndarray, e1: np.ndarray, tol: np.ndarray
) -> tuple[_Equilibria, np.ndarray]:
    """Every pure equilibrium of each component of the group, and the points where a
    sign was too close to call. ``e0``, ``e1``: ``(N, P + 1)`` per pair, zero last."""
    E0, E1 = e0[:, group.pairs], e1[:, group.pairs]  # (N, G, n1, n2), firm 1's view
    if group.enumerated == 1:
        E0, E1 = E0.swapaxes(2, 3), E1.swapaxes(2, 3)
    X = group.candidates  # (nX, nx)
    n, g, nx, ny = E0.shape
    Ey0, Ey1 = E0.swapaxes(2, 3), E1.swapaxes(2, 3)  # the other firm's view (n, g, ny, nx)
    t = tol[:, None, None, None]
    # the other firm's reply to each candidate: the sign of twice its gain (solvers.game)
    weight_y = (Ey1 + Ey0).reshape(-1, nx) @ X.T  # (n*g*ny, nX)
    gain_y = (2 * Ey1 - Ey0).sum(axis=3)[..., None] - weight_y.reshape(n, g, ny, -1)
    gain_y = gain_y.swapaxes(2, 3)  # (n, g, nX, ny)
    near = (np.abs(gain_y) <= t).any(axis=(1, 2, 3))
    Y = (gain_y > 0).astype(float)
    # does the candidate best-respond to the reply?
    gain_x = (2 * E1 - E0).sum(axis=3)[:, :, None, :] - Y @ (E1 + E0).swapaxes(2, 3)
    chosen = X[None, None] == 1
    good = np.where(chosen, gain_x > t, gain_x < -t).all(axis=3)
    bad = np.where(chosen, gain_x < -t, gain_x > t).any(axis=3)
    near |= (~good & ~bad).any(axis=(1, 2))
    # each firm's cell values, then per training label (the unnormalized interim payoffs)
    value_x = X * (((1 - Y / 2) @ E1.swapaxes(2, 3))) + (1 - X) * (((1 + Y) / 2) @ E0.swapaxes(2, 3))
    v1 = (Ey1.reshape(-1, nx) @ (1 - X / 2).T).reshape(n, g, ny, -1).swapaxes(2, 3)
    v0 = (Ey0.reshape(-1, nx) @ ((1 + X) / 2).T).reshape(n, g, ny, -1).swapaxes(2, 3)
    value_y = Y * v1 + (1 - Y) * v0
    per_firm = [value_x, value_y] if group.enumerated == 0 else [value_y, value_x]
    contributions = (per_firm[0] @ group.labels[0], per_firm[1] @ group.labels[1])
    mask = good
    best = tuple(np.where(mask[..., None], c, -np.inf).max(axis=2) for c in contributions)
    equilibria = _Equilibria(group, mask, Y, contributions, (best[0], best[1]), mask.sum(axis=2))
    return equilibria, near


@dataclass
class _ContractResult:
    layout: ContractLayout
    groups: list[_Equilibria]
    count: np.ndarray  # (N,)
    payoff_range: dict[str, np.ndarray]  # u1_min, u1_max, u2_min, u2_max
    best: tuple[np.ndarray, np.ndarray]  # (N, T_f): sum over components of maxima


def _contract(
    layout: ContractLayout, joint: np.ndarray, utility: np.ndarray, tol: np.ndarray
) -> tuple[_ContractResult, np.ndarray]:
    pair_mass = np.einsum("nry,rp->nyp", joint, layout.aggregation)
    r0, r1, c0, c1 = (utility[:, k : k + 1] for k in range(4))
    zero = np.zeros((len(joint), 1))
    e0 = np.concatenate([pair_mass[:, 0] * r0 - pair_mass[:, 1] * c0, zero], axis=1)
    e1 = np.concatenate([-pair_mass[:, 0] * c1 + pair_mass[:, 1] * r1, zero], axis=1)
    near = np.zeros(len(joint), dtype=bool)
    groups = []
    count = np.ones(len(joint), dtype=np.int64)
    ranges = {key: np.zeros(len(joint)) for key in ("u1_min", "u1_max", "u2_min", "u2_max")}
    best = [np.zeros((len(joint), t)) for t in (layout.groups[0].labels[0].shape[2],
                                                layout.groups[0].labels[1].shape[2])]
    for group in layout.groups:
        eq, group_near = _group_equilibria(group, e0, e1, tol)
        near |= group_near
        groups.append(eq)
        count *= eq.counts.prod(axis=1)
        for f in (0, 1):
            totals = eq.contributions[f].sum(axis=3)  # (N, G, nX) ex-ante
            ranges[f"u{f + 1}_min"] += np.where(eq.mask, totals, np.inf).min(axis=2).sum(axis=1)
            ranges[f"u{f + 1}_max"] += np.where(eq.mask, totals, -np.inf).max(axis=2).sum(axis=1)
            best[f] += eq.best[f].sum(axis=1)
    return _ContractResult(layout, groups, count, ranges, (best[0], best[1])), near


#: The utility parameter behind E(a, y), as an index into (R0, R1, C0, C1): [a][y].
_PARAMETER = ((0, 2), (3, 1))


def _payoff_codes(result: _ContractResult, utility: np.ndarray) -> np.ndarray:
    """``(2, N, R, 2)``: what each firm earns at each realization and label under the
    contract's equilibrium, as a code: 0 when that utility parameter is zero, else
    ``1 + 2 p + same`` for parameter p, ``same`` when both firms act alike (the split).

    Two equilibria with equal codes wherever the mass is positive have identical
    interim payoffs as functions of the masses: a tie that needs no exact arithmetic.
    Meaningful only where the contract has one equilibrium.
    """
    placement = result.layout.placement
    n = len(utility)
    actions = np.zeros((2, n, len(placement)), dtype=np.int64)
    for k, eq in enumerate(result.groups):
        here = placement[:, 0] == k
        g, i, j = placement[here, 1], placement[here, 2], placement[here, 3]
        chosen = np.argmax(eq.mask, axis=2)  # (N, G)
        x = eq.group.candidates[chosen]
        y = np.take_along_axis(eq.replies, chosen[:, :, None, None], axis=2)[:, :, 0]
        own = (x, y) if eq.group.enumerated == 0 else (y, x)
        actions[0][:, here] = own[0][:, g, i]
        actions[1][:, here] = own[1][:, g, j]
    same = (actions[0] == actions[1]).astype(np.int64)
    codes = np.zeros((2, n, len(placement), 2), dtype=np.int64)
    for f in (0, 1):
        for y in (0, 1):
            p = np.where(actions[f] == 1, _PARAMETER[1][y], _PARAMETER[0][y])
            zero = np.take_along_axis(utility, p, axis=1) == 0
            codes[f, :, :, y] = np.where(zero, 0, 1 + 2 * p + same)
    return codes


def _combinations(
    result: _ContractResult, z: tuple[int, int], rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """For the points ``rows``: both firms' interim sums at ``z`` of every combination of
    equilibria of the components meeting both labels, plus the maxima of the others.

    Returns ``(sum1, sum2, valid)`` of shape ``(M, L)``, or None when L would exceed
    ``MAX_COMBINATIONS``.
    """
    t1, t2 = z
    sum1 = result.best[0][rows, t1][:, None].copy()
    sum2 = result.best[1][rows, t2][:, None].copy()
    valid = np.ones_like(sum1, dtype=bool)
    for eq in result.groups:
        both = np.nonzero(eq.group.touches(0)[:, t1] & eq.group.touches(1)[:, t2])[0]
        for g in both:
            mask = eq.mask[rows, g]
            own1 = eq.contributions[0][rows, g, :, t1]
            own2 = eq.contributions[1][rows, g, :, t2]
            sum1 -= eq.best[0][rows, g, t1][:, None]
            sum2 -= eq.best[1][rows, g, t2][:, None]
            width = sum1.shape[1] * own1.shape[1]
            if width > MAX_COMBINATIONS:
                return None
            sum1 = (sum1[:, :, None] + own1[:, None, :]).reshape(len(rows), width)
            sum2 = (sum2[:, :, None] + own2[:, None, :]).reshape(len(rows), width)
            valid = (valid[:, :, None] & mask[:, None, :]).reshape(len(rows), width)
    return sum1, sum2, valid


def _dominance(
    results: list[_ContractResult], layout: SweepLayout, utility: np.ndarray, tol: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Eq. (6) for every ordered pair of contracts: ``(N, C, C)``, and the undecided points.

    A margin within the tolerance counts as exactly zero when both contracts have one
    equilibrium with the same payoff codes on the realizations it sums (_payoff_codes).
    """
    n, c_count = len(tol), len(results)
    dominates = np.ones((n, c_count, c_count), dtype=bool)
    near = np.zeros(n, dtype=bool)
    codes: dict[int, np.ndarray] = {}
    own_label = [layout.realizations[:, f] for f in (0, 1)]
    for ci, c in enumerate(results):
        for t1, t2 in layout.training_pairs:
            a, b = c.best[0][:, t1], c.best[1][:, t2]
            several = np.zeros(n, dtype=bool)
            for eq in c.groups:
                both = eq.group.touches(0)[:, t1] & eq.group.touches(1)[:, t2]
                several |= (eq.counts[:, both] > 1).any(axis=1)
            rows = np.nonzero(several)[0]
            combos = _combinations(c, (t1, t2), rows) if rows.size else None
            if rows.size and combos is None:
                near[rows] = True
            for di, d in enumerate(results):
                if di == ci:
                    continue
                m1, m2 = a - d.best[0][:, t1], b - d.best[1][:, t2]
                up1, up2 = m1 > tol, m2 > tol
                down1, down2 = m1 < -tol, m2 < -tol
                tied = ~(up1 | down1) | ~(up2 | down2)
                tied &= (c.count == 1) & (d.count == 1)
                if tied.any():
                    for k in (ci, di):
                        if k not in codes:
                            codes[k] = _payoff_codes(results[k], utility)
                    rows_t = np.nonzero(tied)[0]
                    for f, (label, up, down) in enumerate(((t1, up1, down1), (t2, up2, down2))):
                        mine = own_label[f] == label
                        same = (codes[ci][f][rows_t][:, mine] == codes[di][f][rows_t][:, mine])
                        same |= ~layout.positive[mine][None]
                        equal = same.all(axis=(1, 2))
                        up[rows_t[equal]] = True
                        down[rows_t[equal]] = False
                sure, fails = up1 & up2, down1 | down2
                if combos is not None:
                    s1, s2, valid = combos
                    k1 = s1 - d.best[0][rows, t1][:, None]
                    k2 = s2 - d.best[1][rows, t2][:, None]
                    t = tol[rows, None]
                    sure[rows] = (valid & (k1 > t) & (k2 > t)).any(axis=1)
                    fails[rows] = (~valid | (k1 < -t) | (k2 < -t)).all(axis=1)
                near |= ~sure & ~fails
                dominates[:, ci, di] &= ~fails
    return dominates, near


def _bits(flags: np.ndarray) -> np.ndarray:
    """``(N, C)`` booleans as an int64 bitmask per point (bit k: contract k)."""
    return (flags.astype(np.int64) << np.arange(flags.shape[1], dtype=np.int64)).sum(axis=1)


def _verdicts(dominates: np.ndarray, names: tuple[str, ...]) -> Columns:
    """IR, PO, IRPO and the unique-IRPO verdicts from the dominance relation (section 4)."""
    baseline = names.index("no")
    strict = dominates & ~dominates.swapaxes(1, 2)
    ir = dominates[:, :, baseline]
    po = ~strict.any(axis=1)
    irpo = ir & po
    count = irpo.sum(axis=1)
    first = np.argmax(irpo, axis=1)
    rows = np.arange(len(first))
    equivalent = dominates[rows, first] & dominates[rows, :, first]
    up_to = (count > 0) & (~irpo | equivalent).all(axis=1)
    return {
        "ir": _bits(ir),
        "po": _bits(po),
        "irpo": _bits(irpo),
        "unique_irpo": np.where(count == 1, first, -1).astype(np.int64),
        "unique_irpo_up_to_equivalence": np.where(up_to, first, -1).astype(np.int64),
    }


def _joint_mass(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Masses of the layout's realizations ``(N, R, 2)``, the utility ``(N, 4)``, and the
    points whose support differs from the layout's."""
    prior, training, inference, utility = layout.family.tables(values)
    n = len(prior)
    training = np.broadcast_to(training, (n,) + training.shape[1:])
    utility = np.broadcast_to(utility, (n, 4))
    full = np.einsum("nw,nwab,nwyij->nabyij", prior, training, inference)
    t1, t2, s1, s2 = layout.realizations.T
    joint = full[:, t1, t2, :, s1, s2]  # advanced indices first: (R, N, 2)
    joint = joint.transpose(1, 0, 2)
    outside = full.sum(axis=3)
    outside[:, t1, t2, s1, s2] = 0.0
    off_support = (joint.sum(axis=2) <= TOLERANCE).any(axis=1)
    off_support |= (np.where(layout.positive, 0.0, joint) > TOLERANCE).any(axis=(1, 2))
    off_support |= (outside.reshape(n, -1) > TOLERANCE).any(axis=1)
    return joint, utility, off_support


def _classify_block(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> Columns:
    joint, utility, near = _joint_mass(layout, values)
    tol = TOLERANCE * np.abs(utility).max(axis=1)
    results = []
    for contract in layout.contracts:
        result, contract_near = _contract(contract, joint, utility, tol)
        near |= contract_near
        results.append(result)
    dominates, dominance_near = _dominance(results, layout, utility, tol)
    near |= dominance_near
    columns: Columns = {}
    for ci, result in enumerate(results):
        name = result.layout.name
        columns[f"{name}.equilibria"] = result.count
        for key in ("u1_min", "u1_max", "u2_min", "u2_max"):
            columns[f"{name}.{key}"] = result.payoff_range[key]
        columns[f"{name}.dominates"] = _bits(dominates[:, ci])
    columns.update(_verdicts(dominates, layout.names))
    columns["exact_rechecked"] = near
    return columns


def analysis_row(analysis: ContractAnalysis) -> dict[str, object]:
    """The verdict columns of one exactly analyzed point (same names and encoding)."""
    names = tuple(analysis.solutions)
    row: dict[str, object] = {}
    verdicts = analysis.verdicts
    for name, solution in analysis.solutions.items():
        row[f"{name}.equilibria"] = solution.count
        for f in (0, 1):
            totals = [
                [sum(c[f].tolist(), Fraction(0)) for c in part]
                for part in solution.contributions(True)
            ]
            row[f"{name}.u{f + 1}_min"] = float(sum((min(t) for t in totals), Fraction(0)))
            row[f"{name}.u{f + 1}_max"] = float(sum((max(t) for t in totals), Fraction(0)))
        row[f"{name}.dominates"] = sum(
            1 << k for k, other in enumerate(names) if verdicts.dominates(name, other)
        )
    for key, chosen in (
        ("ir", verdicts.individually_rational),
        ("po", verdicts.pareto_optimal),
        ("irpo", verdicts.irpo),
    ):
        row[key] = sum(1 << names.index(c) for c in chosen)
    for key, single in (
        ("unique_irpo", verdicts.unique_irpo),
        ("unique_irpo_up_to_equivalence", verdicts.unique_irpo_up_to_equivalence),
    ):
        row[key] = -1 if single is None else names.index(single)
    row["exact_rechecked"] = True
    return row


def classify(
    layout: SweepLayout,
    values: Mapping[str, np.ndarray],
    exact_environment: Callable[[int], Environment] | None = None,
) -> Columns:
    """The verdict columns (:func:`verdict_columns`) of every point of ``values``.

    ``values`` maps each of the family's parameters to a float64 array (one entry per
    point). Points the float path cannot decide are re-solved by
    ``analyze(exact_environment(i), exact=True)``; by default the exact point is the
    float values themselves, as Fractions.
    """
    size = len(next(iter(values.values())))
    names = layout.names
    if exact_environment is None:

        def exact_environment(i: int) -> Environment:
            return layout.family.environment(
                {k: Fraction(float(v[i])) for k, v in values.items()}
            )

    blocks = []
    for start in range(0, size, BLOCK_POINTS):
        block = {k: np.asarray(v[start : start + BLOCK_POINTS], dtype=float) for k, v in values.items()}
        with np.errstate(invalid="ignore"):  # inf - inf only where a sign is undecided
            blocks.append(_classify_block(layout, block))
    columns = {k: np.concatenate([b[k] for b in blocks]) for k in verdict_columns(names)}
    for i in np.nonzero(columns["exact_rechecked"])[0]:
        analysis = analyze(exact_environment(int(i)), [c.contract for c in layout.contracts],
                           exact=True)
        for key, value in analysis_row(analysis).items():
            columns[key][i] = value
    return columns
