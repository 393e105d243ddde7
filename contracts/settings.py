"""The papers' built-in settings, built as ordinary environments (MODEL.md sections 5, 6
and 10)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import comb, factorial, isqrt
from typing import Any

from contracts.environment import Environment
from contracts.limits import MAX_LABELS, check_environment_size
from contracts.numbers import (
    NumberLike,
    check_probability,
    computed_numbers,
    format_number,
    to_fraction,
)
from contracts.utility import Utility

RHO_KEYWORDS = ("indep", "max", "min")


def correlation_bounds(alpha: Fraction, beta: Fraction) -> tuple[Fraction, Fraction]:
    """Feasible range of ``rho = P(s1 = 1, s2 = 1 | y = 1)`` (MODEL.md section 5)."""
    return max(Fraction(0), alpha + beta - 1), min(alpha, beta)


def resolve_rho(rho: NumberLike, alpha: Fraction, beta: Fraction, field: str) -> Fraction:
    """A number, or ``indep`` (alpha*beta), ``max`` (min(alpha, beta)), ``min`` (max(0, a+b-1)).

    >>> resolve_rho("indep", Fraction(4, 5), Fraction(7, 10), "rho")
    Fraction(14, 25)
    """
    low, high = correlation_bounds(alpha, beta)
    if isinstance(rho, str) and rho.strip().lower() in RHO_KEYWORDS:
        key = rho.strip().lower()
        return {"indep": alpha * beta, "max": high, "min": low}[key]
    value = to_fraction(rho, field)
    if not low <= value <= high:
        raise ValueError(
            f"{field} = {format_number(value)}: must be feasible, in [max(0, alpha+beta-1), "
            f"min(alpha, beta)] = [{format_number(low)}, {format_number(high)}]"
        )
    return value


def correlation_signal_table(alpha: Any, beta: Any, rho: Any) -> list[list[list[Any]]]:
    """``P(y, s1, s2)`` of MODEL.md section 5 with ``P(y = 1) = 1/2``; index ``[y][s1][s2]``.

    Plain arithmetic: Fractions give the exact table, float arrays one table per point
    (the batch classifier of solvers.sweep uses the same formula).
    """
    given_one = [[1 - alpha - beta + rho, beta - rho], [alpha - rho, rho]]  # [s1][s2] | y=1
    given_zero = [[given_one[1 - a][1 - b] for b in (0, 1)] for a in (0, 1)]
    return [
        [[p / 2 for p in row] for row in given_zero],
        [[p / 2 for p in row] for row in given_one],
    ]


def canonical_training(k_worlds: int) -> list[list[list[Fraction]]]:
    """``P_w(t1, t2)`` of MODEL.md section 5: ``r`` uniform on ``{0..K-1}``, ``t1 = r``,
    ``t2 = (r + k) mod K`` in world ``k``; index ``[w][t1][t2]``."""
    uniform = Fraction(1, k_worlds)
    training = []
    for k in range(k_worlds):
        table = [[Fraction(0)] * k_worlds for _ in range(k_worlds)]
        for r in range(k_worlds):
            table[r][(r + k) % k_worlds] = uniform
        training.append(table)
    return training


def correlation(
    alpha: NumberLike,
    beta: NumberLike,
    worlds: Sequence[tuple[NumberLike, NumberLike]],
    reward: NumberLike = 1,
    cost: NumberLike = 1,
) -> Environment:
    """Setting (i): known accuracies, unknown correlation of the signals (MODEL.md section 5).

    ``worlds`` lists ``(rho, prior)``; rho may be a number or ``indep``/``max``/``min``.
    Training uses the canonical construction: ``r`` uniform on ``{0..K-1}``, ``t1 = r``,
    ``t2 = (r + k) mod K`` in world ``k``, so the two models together reveal the world
    and neither alone says anything. Utility: significant action (R0 = C0 = 0).

    >>> env = correlation("0.8", "0.7", [("indep", "1/2"), ("max", "1/2")])
    >>> env.describe()
    '2 worlds, |T1|=2, |T2|=2, |S1|=2, |S2|=2'
    """
    a = check_probability(to_fraction(alpha, "alpha"), "alpha")
    b = check_probability(to_fraction(beta, "beta"), "beta")
    r1 = to_fraction(reward, "reward")
    c1 = to_fraction(cost, "cost")
    for name, value in (("reward", r1), ("cost", c1)):
        if value <= 0:
            raise ValueError(f"{name} = {format_number(value)}: must be positive")
    if len(worlds) == 0:
        raise ValueError("worlds = []: must list at least one (rho, prior) pair")
    k_worlds = len(worlds)
    check_environment_size(k_worlds, k_worlds, k_worlds, 2, 2)  # before building K^3 entries
    rhos = [resolve_rho(rho, a, b, f"worlds[{k}].rho") for k, (rho, _) in enumerate(worlds)]
    priors = [
        to_fraction(p, f"worlds[{k}].prior") if not isinstance(p, float) else p
        for k, (_, p) in enumerate(worlds)
    ]
    training = canonical_training(k_worlds)
    inference = [correlation_signal_table(a, b, rho) for rho in rhos]
    labels = tuple(str(r) for r in range(k_worlds))
    return Environment(
        worlds=tuple(f"w{k}" for k in range(k_worlds)),
        prior=tuple(priors),
        training_labels=(labels, labels),
        signal_labels=(("0", "1"), ("0", "1")),
        positive_signals=("1", "1"),
        training=tuple(training),
        inference=tuple(inference),
        utility=Utility.significant_action(r1, c1),
        name=(
            f"correlation alpha={format_number(a)} beta={format_number(b)} "
            f"R1={format_number(r1)} C1={format_number(c1)} rho="
            + ",".join(format_number(r) for r in rhos)
        ),
    )


def hypotheses_signal_table(kappa: Any, lam: Any, mu: Any, world: str) -> list[list[list[Any]]]:
    """``P_w(y, s1, s2)`` of MODEL.md section 6; index ``[y][s1][s2]``, s1 in (A, B),
    s2 in (a, b). Plain arithmetic, like :func:`correlation_signal_table`."""
    A, B, a, b = 0, 1, 0, 1
    table: list[list[list[Any]]] = [[[Fraction(0)] * 2 for _ in range(2)] for _ in range(2)]
    rest = 1 - kappa
    table[1][A if world == "I" else B][a] = kappa
    table[0][A][b] = rest * lam
    table[0][B][b] = rest * (1 - lam - mu)
    if world == "I":
        table[0][B][a] = rest * mu
    else:
        table[0][A][a] = rest * mu
    return table


def one_sample_training(table: list[list[list[Any]]]) -> list[list[Any]]:
    """``P_w(t1, t2)`` of the one-sample variant (MODEL.md section 6): ``t1 = (s1, y)`` at
    index ``2 s1 + y``, ``t2 = (s2, y)`` at ``2 s2 + y``, from one draw of ``table``."""
    t: list[list[Any]] = [[Fraction(0)] * 4 for _ in range(4)]
    for y in (0, 1):
        for j1 in (0, 1):
            for j2 in (0, 1):
                t[2 * j1 + y][2 * j2 + y] += table[y][j1][j2]
    return t


#: Most labelled examples of firm 1 in the merged game (its N + 3 training labels stay
#: within MAX_LABELS).
MAX_SAMPLES = MAX_LABELS - 3
#: Most labelled examples of firm 1 in the count game: at most (N + 1)^2 count vectors
#: have positive probability, and they stay within MAX_LABELS.
MAX_COUNT_SAMPLES = isqrt(MAX_LABELS) - 1
#: The games ``samples = N`` may solve (MODEL.md section 10): ``counts`` (each count vector
#: is a type) and ``posterior`` (the refinement: equal-posterior count vectors merged).
SAMPLE_TYPES = ("counts", "posterior")
#: What a refused count game may try instead (appended to the solver's limit message).
MERGED_GAME_HINT = (
    "; types = 'posterior' (--types posterior) solves the merged game, in which count "
    "vectors with equal posteriors act alike"
)
#: The (s1, y) pairs counted by a count vector, in label order.
COUNTED_PAIRS = ("A0", "A1", "B0", "B1")


def sample_labels(samples: int) -> tuple[str, ...]:
    """Firm 1's training labels in the merged game (:func:`sample_training`)."""
    return ("I", "II", *(f"A{k}/{samples}" for k in range(samples + 1)))


def sample_training(table: list[list[list[Any]]], world: str, samples: int) -> list[list[Any]]:
    """``P_w(t1, t2)`` of the merged game: firm 1 learns from ``samples`` examples
    ``(s1, y)`` and count vectors with equal posteriors are one type; ``t2`` is a constant.

    In this setting a diseased example (y = 1) shows the hypothesis (A goes with the
    disease under I, B under II), and without one the posterior depends only on how many
    of the N healthy examples carry A; so ``t1`` is ``I`` or ``II`` once a diseased
    example was seen, else ``A{k}/{N}``. This is the refinement of MODEL.md section 10
    (equal-posterior types act alike), not its game: :func:`count_training` is.
    """
    healthy_a = table[0][0][0] + table[0][0][1]
    healthy_b = table[0][1][0] + table[0][1][1]
    healthy = healthy_a + healthy_b
    rows: list[list[Any]] = [[1 - healthy**samples if world == "I" else Fraction(0)],
                             [1 - healthy**samples if world == "II" else Fraction(0)]]  # fmt: skip
    for k in range(samples + 1):
        rows.append([comb(samples, k) * healthy_a**k * healthy_b ** (samples - k)])
    return rows


def count_vectors(samples: int) -> list[tuple[int, int, int, int]]:
    """Every count of the four (s1, y) pairs (COUNTED_PAIRS) in ``samples`` examples, in
    lexicographic order."""
    return [
        (a0, a1, b0, samples - a0 - a1 - b0)
        for a0 in range(samples + 1)
        for a1 in range(samples + 1 - a0)
        for b0 in range(samples + 1 - a0 - a1)
    ]


def count_label(counts: tuple[int, ...]) -> str:
    """``1A0+2B0``: one example (A, y = 0) and two (B, y = 0); the nonzero counts of (A, 0),
    (A, 1), (B, 0), (B, 1) in that order.

    >>> count_label((1, 0, 2, 0))
    '1A0+2B0'
    """
    return "+".join(f"{n}{pair}" for pair, n in zip(COUNTED_PAIRS, counts) if n)


def count_probability(table: list[list[list[Any]]], counts: tuple[int, ...]) -> Any:
    """Multinomial probability of a count vector in N independent draws of ``table``."""
    pair_mass = [table[y][s1][0] + table[y][s1][1] for s1 in (0, 1) for y in (0, 1)]
    ways = factorial(sum(counts))
    for n in counts:
        ways //= factorial(n)
    mass: Any = Fraction(ways)
    for p, n in zip(pair_mass, counts):
        mass *= p**n
    return mass


def count_training(
    tables: Sequence[list[list[list[Any]]]], samples: int
) -> tuple[tuple[str, ...], list[list[list[Any]]]]:
    """Firm 1's labels and ``P_w(t1, t2)`` of MODEL.md section 10: ``t1`` is the count
    vector of the N examples ``(s1, y)``, ``t2`` a constant. Count vectors of probability
    zero in every world (a diseased example with A and one with B) are left out, as
    section 4 leaves zero-probability cells out."""
    kept, rows = [], []
    for counts in count_vectors(samples):
        masses = [count_probability(table, counts) for table in tables]
        if any(m > 0 for m in masses):
            kept.append(count_label(counts))
            rows.append(masses)
    return tuple(kept), [[[row[w]] for row in rows] for w in range(len(tables))]


def plentiful_training() -> list[list[list[Fraction]]]:
    """``P_w(t1, t2)`` with plentiful data (MODEL.md section 6): ``t1`` is the world
    (I, II), ``t2`` a constant."""
    return [[[Fraction(1)], [Fraction(0)]], [[Fraction(0)], [Fraction(1)]]]


def two_hypotheses(
    prior_i: NumberLike,
    kappa: NumberLike,
    lam: NumberLike,
    mu: NumberLike,
    one_sample: bool = False,
    samples: int | None = None,
    types: str = "counts",
) -> Environment:
    """Setting (ii): two hypotheses and a structural advantage (MODEL.md section 6).

    With plentiful data firm 1's model identifies the hypothesis (``t1`` is the world)
    and firm 2's is constant. With ``one_sample`` each firm's history is one labelled
    example from one draw of the current world: ``t1 = (s1, y)``, ``t2 = (s2, y)``.
    With ``samples = N`` (MODEL.md section 10) firm 1 learns from N examples and firm 2's
    history is uninformative. ``types`` chooses the game: ``counts`` (the default, the
    game of section 10: each count vector is a type, :func:`count_training`, N at most
    MAX_COUNT_SAMPLES) or ``posterior`` (its refinement in which equal-posterior count
    vectors are one type, :func:`sample_training`, N at most MAX_SAMPLES).
    Utility: matching (R0 = R1 = 1, C0 = C1 = 0).
    """
    if types not in SAMPLE_TYPES:
        raise ValueError(f"types = {types!r}: must be one of {', '.join(SAMPLE_TYPES)}")
    if samples is not None:
        if isinstance(samples, bool) or not isinstance(samples, int):
            raise ValueError(f"samples = {samples!r}: must be a whole number")
        most = MAX_SAMPLES if types == "posterior" else MAX_COUNT_SAMPLES
        if not 1 <= samples <= most:
            size = "N + 3" if types == "posterior" else "up to (N + 1)^2"
            raise ValueError(
                f"samples = {samples}: must be between 1 and {most} with types = {types!r} "
                f"(firm 1's {size} training labels are at most {MAX_LABELS}"
                + ("; types = 'posterior' allows more)" if types == "counts" else ")")
                + "; N = infinity is the default"
            )
        if one_sample:
            raise ValueError("samples: the one-sample variant and N samples exclude each other")
    elif types != "counts":
        raise ValueError(f"types = {types!r}: applies only with samples = N")
    p = to_fraction(prior_i, "prior_i")
    if not 0 < p < 1:
        raise ValueError(
            f"prior_i = {format_number(p)}: must be in (0, 1) "
            "(both hypotheses need a positive prior)"
        )
    k = check_probability(to_fraction(kappa, "kappa"), "kappa")
    lm = to_fraction(lam, "lambda")
    m = to_fraction(mu, "mu")
    for name, value in (("lambda", lm), ("mu", m)):
        if value < 0:
            raise ValueError(f"{name} = {format_number(value)}: must be nonnegative")
    if lm + m > 1:
        raise ValueError(f"lambda + mu = {format_number(lm + m)}: must be at most 1")
    worlds = ("I", "II")
    inference = [hypotheses_signal_table(k, lm, m, w) for w in worlds]
    s1_labels, s2_labels = ("A", "B"), ("a", "b")
    if one_sample:
        t1_labels = tuple(f"({s},{y})" for s in s1_labels for y in (0, 1))
        t2_labels = tuple(f"({s},{y})" for s in s2_labels for y in (0, 1))
        training = [one_sample_training(table) for table in inference]
    elif samples is not None and types == "posterior":
        t1_labels, t2_labels = sample_labels(samples), ("*",)
        training = [sample_training(table, w, samples) for table, w in zip(inference, worlds)]
    elif samples is not None:
        t1_labels, counts = count_training(inference, samples)
        t2_labels = ("*",)
        training = counts
    else:
        t1_labels, t2_labels = worlds, ("*",)
        training = plentiful_training()
    variant = " one-sample" if one_sample else ""
    if samples is not None:
        variant = f" N={samples}" + (" posterior types" if types == "posterior" else "")
    with computed_numbers():  # N-sample likelihoods have large exact denominators
        return Environment(
            worlds=worlds,
            prior=(p, 1 - p),
            training_labels=(t1_labels, t2_labels),
            signal_labels=(s1_labels, s2_labels),
            positive_signals=("A", "a"),  # y = 1 occurs only with a, and with A under I
            training=tuple(training),
            inference=tuple(inference),
            utility=Utility.matching(),
            name=(
                f"two hypotheses{variant} pi_I={format_number(p)} kappa={format_number(k)} "
                f"lambda={format_number(lm)} mu={format_number(m)}"
            ),
        )


def worked_cases() -> dict[str, Environment]:
    """The three worked cases of MODEL.md section 8, by short name."""
    return {
        "correlation-0.8-0.7": correlation("0.8", "0.7", [("0.56", "1/2"), ("0.7", "1/2")], 1, 1),
        "claim-3-point": correlation(
            "1441/2000",
            "1027/2000",
            [("indep", "100001/200000"), ("max", "99999/200000")],
            reward=1,
            cost="1511/2000",
        ),
        "hypotheses-1/10": two_hypotheses("1/10", "1/10", "1/20", "3/10"),
    }
