"""The batch classifier: the whole IRPO analysis of many parameter points at once.

For a block of points of one family it computes in float64 numpy, with no loop over
points, what :func:`solvers.analysis.environment.analyze` decides for each (MODEL.md section 4):

1. the joint mass of every realization (MODEL.md section 2), and from it the mass of
   every cell pair of every contract (one product with the layout's 0/1 aggregation);
2. per component, every pure strategy of the enumerated firm, the other firm's reply
   (the sign of its gains) and whether the pair is an equilibrium: the engine's
   enumeration (:mod:`solvers.equilibria.pure`), vectorized over points and components;
3. every equilibrium's contribution to each firm's interim payoffs, the ex-ante payoff
   range, and Eq. (6) dominance through the components' maxima and, where some
   component has several equilibria, the sums over their combinations;
4. IR, PO, IRPO, unique IRPO and unique IRPO up to equivalence.

Every decision is a sign. A sign is trusted only when its quantity is farther than
``TOLERANCE`` times the point's payoff scale ``max(R0, R1, C0, C1)`` from zero (masses:
``TOLERANCE`` itself, since they sum to one). The float64 error of every mass, gain and
payoff computed here is below ``1e-12`` of that scale (fewer than a few thousand
operations on numbers of at most that size, see solvers.exact.rounding), so a trusted sign
is the exact one. Every other point -- a tie, a near-tie, a support that differs from
the layout's -- is flagged ``exact_rechecked`` and decided exactly: with a layout of its
own support where masses vanish, then by the integer pass (``_integer_pass``: the same
classifier over the point's exact numbers scaled to integers, ties decided), and only
where the integers would not fit float64 exactly, by the exact engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from fractions import Fraction
from math import lcm

import numpy as np

from contracts import Environment
from solvers.analysis.environment import ContractAnalysis, analyze
from solvers.sweep.dominance import dominance
from solvers.sweep.equilibria import contract_equilibria
from solvers.sweep.layout import SweepLayout, build_layout

#: Distance from zero, as a fraction of the point's payoff scale, below which a sign is
#: decided by the exact engine instead.
TOLERANCE = 1e-9
#: Points classified together inside one call (bounds memory, keeps arrays in cache).
BLOCK_POINTS = 8192
#: The integer pass runs only where every number it computes stays below this: float64
#: holds every integer up to 2^53 exactly.
EXACT_INTEGERS = 2**53
#: A bound on how many times the largest mass-times-utility product the classifier's
#: quantities can be (a gain is at most 5 such sums, a payoff at most 2, an Eq. (6)
#: margin the difference of two payoffs; sums over cells and components never exceed
#: the total mass): a generous 64.
EXACT_SCALE = 64

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


def _column_dtype(column: str) -> type:
    """The dtype of a verdict column: payoffs float64, the rechecked flag bool, counts,
    bitmasks and contract indices int64."""
    if column.endswith(("_min", "_max")):
        return np.float64
    return np.bool_ if column == "exact_rechecked" else np.int64


def _bits(flags: np.ndarray) -> np.ndarray:
    """``(C, N)`` booleans as an int64 bitmask per point (bit k: contract k)."""
    weights = np.left_shift(1, np.arange(flags.shape[0], dtype=np.int64))
    return weights @ flags.astype(np.int64)


def _verdicts(dominates: np.ndarray, names: tuple[str, ...]) -> Columns:
    """IR, PO, IRPO and the unique-IRPO verdicts from the dominance relation ``(C, C, N)``
    (MODEL.md section 4)."""
    baseline = names.index("no")
    strict = dominates & ~dominates.swapaxes(0, 1)
    ir = dominates[:, baseline]
    po = ~strict.any(axis=0)
    irpo = ir & po
    count = irpo.sum(axis=0)
    first = np.argmax(irpo, axis=0)
    points = np.arange(len(first))
    equivalent = dominates[first, :, points].T & dominates[:, first, points]
    up_to = (count > 0) & (~irpo | equivalent).all(axis=0)
    return {
        "ir": _bits(ir),
        "po": _bits(po),
        "irpo": _bits(irpo),
        "unique_irpo": np.where(count == 1, first, -1).astype(np.int64),
        "unique_irpo_up_to_equivalence": np.where(up_to, first, -1).astype(np.int64),
    }


def _joint_mass(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Masses of the layout's realizations ``(R, 2, N)``, the utility ``(4, N)``, the
    points whose support differs from the layout's, and each point's mass outside the
    layout's realizations ``(N,)``."""
    prior, training, inference, utility = layout.family.tables(values)
    n = len(prior)
    training = np.broadcast_to(training, (n,) + training.shape[1:])
    utility = np.ascontiguousarray(np.broadcast_to(utility, (n, 4)).T)
    full = np.einsum("nw,nwab,nwyij->abyijn", prior, training, inference)
    t1, t2, s1, s2 = layout.realizations.T
    joint = np.ascontiguousarray(full[t1, t2, :, s1, s2])  # (R, 2, N)
    outside = full.sum(axis=2)
    outside[t1, t2, s1, s2] = 0.0
    # a mass the layout has must be clearly positive; one it lacks must be exactly zero
    # (a tie decided by payoff codes ignores it, however small it is)
    off_support = (joint.sum(axis=1) <= TOLERANCE).any(axis=0)
    off_support |= (np.where(layout.positive[:, :, None], 0.0, joint) != 0).any(axis=(0, 1))
    off_support |= (outside.reshape(-1, n) != 0).any(axis=0)
    return joint, utility, off_support, outside.reshape(-1, n).sum(axis=0)


def _support_patterns(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """``(N, R * 2)``: where the layout's realizations have float mass exactly zero; a row
    of all False where no mass of the layout vanishes, or some mass is neither zero nor
    clearly positive (or lies outside the layout), so that no smaller layout helps."""
    joint, _, _, outside = _joint_mass(layout, values)
    n = joint.shape[2]
    zero = joint == 0.0
    clear = (zero | (joint > TOLERANCE)).all(axis=(0, 1))
    clear &= (zero & layout.positive[:, :, None]).any(axis=(0, 1))  # a mass the layout has
    clear &= outside <= TOLERANCE
    return (zero & clear).reshape(-1, n).T


def _classify_block(layout: SweepLayout, values: Mapping[str, np.ndarray]) -> Columns:
    joint, utility, near, _ = _joint_mass(layout, values)
    return _classify_masses(layout, joint, utility, near)


def _classify_masses(
    layout: SweepLayout,
    joint: np.ndarray,
    utility: np.ndarray,
    near: np.ndarray,
    exact: bool = False,
) -> Columns:
    """The verdict columns from the masses ``(R, 2, N)`` and the utility ``(4, N)``;
    ``near``: points already undecided. ``exact``: the numbers are exact integers (the
    integer pass), every sign is decided and a zero is a tie."""
    tol = np.zeros(joint.shape[2]) if exact else TOLERANCE * np.abs(utility).max(axis=0)
    results = []
    for contract in layout.contracts:
        result, contract_near = contract_equilibria(contract, joint, utility, tol, exact)
        near |= contract_near
        results.append(result)
    dominates, dominance_near = dominance(results, layout, utility, tol, exact)
    near |= dominance_near
    columns: Columns = {}
    for ci, result in enumerate(results):
        name = result.layout.name
        columns[f"{name}.equilibria"] = result.count
        for key in ("u1_min", "u1_max", "u2_min", "u2_max"):
            columns[f"{name}.{key}"] = result.payoff_range[key]
        columns[f"{name}.dominates"] = _bits(dominates[ci])
    columns.update(_verdicts(dominates, layout.names))
    columns["exact_rechecked"] = near
    return columns


def one_blas_thread() -> AbstractContextManager[object]:
    """BLAS held to one thread while the classifier runs, then restored: its matrix
    products are small, and BLAS threads spinning beside it cost more CPU than they
    save (in a process not already limited, 30 against 19 us a point on two cores).
    Needs threadpoolctl (the sweep extra); without it, nothing changes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with the sweep extra
        return nullcontext()
    return threadpool_limits(1, user_api="blas")


def _renumbered(
    exact_environment: Callable[[int], Environment], points: np.ndarray
) -> Callable[[int], Environment]:
    """The exact environments of a subset: point j of the subset is ``points[j]``."""
    return lambda j: exact_environment(int(points[j]))


def _smaller_supports(
    layout: SweepLayout,
    values: Mapping[str, np.ndarray],
    exact_environment: Callable[[int], Environment],
    columns: Columns,
    points: np.ndarray,
) -> np.ndarray:
    """Classify in float the ``points`` whose trouble may be a smaller support (masses
    exactly zero, e.g. ``rho = min(alpha, beta)`` with ``alpha = beta``), with a layout
    read off the exact environment of one of them; returns the points still left to the
    exact engine. Every point's zero masses are confirmed exactly before it joins."""
    sub = {k: np.asarray(v)[points] for k, v in values.items()}
    patterns = _support_patterns(layout, sub)
    left = []
    groups: dict[bytes, list[int]] = {}
    for k, row in enumerate(patterns):
        if row.any():
            groups.setdefault(row.tobytes(), []).append(k)
        else:
            left.append(int(points[k]))
    contracts = [c.contract for c in layout.contracts]
    for key, members in groups.items():
        zero = np.frombuffer(key, dtype=bool).reshape(-1, 2)
        confirmed, environment = [], None
        for k in members:
            env = exact_environment(int(points[k]))
            joint = env.joint_mass
            if all(
                joint[t1, t2, y, s1, s2] == 0
                for (t1, t2, s1, s2), flags in zip(layout.realizations, zero)
                for y in (0, 1)
                if flags[y]
            ):
                confirmed.append(k)
                environment = environment or env
            else:
                left.append(int(points[k]))
        if environment is None:
            continue
        smaller = build_layout(layout.family, contracts, environment)
        chosen = points[np.array(confirmed)]
        result = classify(smaller, {k: v[confirmed] for k, v in sub.items()},
                          _renumbered(exact_environment, chosen))  # fmt: skip
        for name in columns:
            columns[name][chosen] = result[name]
    return np.array(sorted(left), dtype=np.int64)


def _integer_masses(
    layout: SweepLayout, environment: Environment
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The exact masses ``(R, 2)`` and utility ``(4,)`` of a point as integers over
    common denominators (float64, exact), and the payoff scale they carry (the product
    of the two denominators); None when the support is not the layout's or the numbers
    could leave float64's exact integers (``EXACT_INTEGERS``)."""
    joint = environment.joint_mass
    masses = [[joint[t1, t2, y, s1, s2] for y in (0, 1)] for t1, t2, s1, s2 in layout.realizations]
    flat = [m for pair in masses for m in pair]
    if sum(flat) != 1:  # some mass outside the layout's realizations
        return None
    if any((m > 0) != bool(p) for m, p in zip(flat, layout.positive.flat)):
        return None
    u = environment.utility
    utility = (u.reward0, u.reward1, u.cost0, u.cost1)
    d = lcm(*(m.denominator for m in flat))
    e = lcm(*(v.denominator for v in utility))
    top = max(abs(v) * e for v in utility)
    if d * top * EXACT_SCALE >= EXACT_INTEGERS:
        return None
    return (
        np.array([[float(m * d) for m in pair] for pair in masses]),
        np.array([float(v * e) for v in utility]),
        d * e,
    )


def _integer_pass(
    layout: SweepLayout,
    exact_environment: Callable[[int], Environment],
    columns: Columns,
    points: np.ndarray,
) -> np.ndarray:
    """Decide the ``points`` (the ones the float path left undecided) in exact integer
    arithmetic, all at once, and return those still left to the exact engine.

    Each point's masses and utility are scaled to integers over their common
    denominators (``_integer_masses``); every mass, gain, payoff and Eq. (6) margin the
    classifier computes from them is then an integer (or a half) below 2^53, so float64
    computes it exactly, and the classifier runs once more over all of them with zero
    tolerance: a zero is a tie, and an indifferent cell may take either action
    (solvers.sweep.equilibria). The payoff columns are divided back by each point's
    scale (one correctly rounded division)."""
    chosen, joints, utilities, scales = [], [], [], []
    for i in points:
        found = _integer_masses(layout, exact_environment(int(i)))
        if found is not None:
            chosen.append(int(i))
            joints.append(found[0])
            utilities.append(found[1])
            scales.append(float(found[2]))
    if not chosen:
        return points
    joint = np.stack(joints, axis=2)  # (R, 2, M)
    utility = np.stack(utilities, axis=1)  # (4, M)
    near = np.zeros(len(chosen), dtype=bool)
    result = _classify_masses(layout, joint, utility, near, exact=True)
    scale = np.array(scales)
    decided = ~result["exact_rechecked"]
    at = np.array(chosen)[decided]
    for name in columns:
        value = result[name]
        if name.endswith(("_min", "_max")):
            value = value / scale
        columns[name][at] = value[decided]
    columns["exact_rechecked"][at] = True
    return np.setdiff1d(points, at)


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
    if size == 0:  # every point of a chunk skipped as infeasible
        return {k: np.zeros(0, dtype=_column_dtype(k)) for k in verdict_columns(names)}
    if exact_environment is None:

        def exact_environment(i: int) -> Environment:
            return layout.family.environment({k: Fraction(float(v[i])) for k, v in values.items()})

    blocks = []
    with one_blas_thread():
        for start in range(0, size, BLOCK_POINTS):
            block = {
                k: np.asarray(v[start : start + BLOCK_POINTS], dtype=float)
                for k, v in values.items()
            }
            with np.errstate(invalid="ignore"):  # inf - inf only where a sign is undecided
                blocks.append(_classify_block(layout, block))
    columns = {k: np.concatenate([b[k] for b in blocks]) for k in verdict_columns(names)}
    rechecks = np.nonzero(columns["exact_rechecked"])[0]
    if rechecks.size:
        rechecks = _smaller_supports(layout, values, exact_environment, columns, rechecks)
    if rechecks.size:
        rechecks = _integer_pass(layout, exact_environment, columns, rechecks)
    for i in rechecks:
        analysis = analyze(
            exact_environment(int(i)), [c.contract for c in layout.contracts], exact=True
        )
        for key, value in analysis_row(analysis).items():
            columns[key][i] = value
    return columns
