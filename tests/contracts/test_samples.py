"""Firm 1 learning from N labelled examples (MODEL.md section 10): the coarsened training
statistic against raw counts built here, Bayes' rule, and the limit N -> infinity."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import product

import pytest

from contracts import Environment, Utility
from contracts.numbers import to_fraction
from contracts.settings import count_label, hypotheses_signal_table, two_hypotheses
from solvers.analysis.environment import analyze

WITNESS = ("1/10", "1/10", "1/20", "3/10")  # claim 6 (Theorem 5.1 of the paper)
PAIRS = [(s1, y) for s1 in (0, 1) for y in (0, 1)]  # s1: 0 = A, 1 = B


def raw_count_environment(samples: int, params=WITNESS) -> Environment:  # type: ignore[no-untyped-def]
    """t1 = the count of each (s1, y) pair over N draws, enumerated draw by draw."""
    p, k, lm, m = (to_fraction(v, "x") for v in params)
    tables = [hypotheses_signal_table(k, lm, m, w) for w in ("I", "II")]
    labels = sorted({tuple(Counter(seq)[pair] for pair in PAIRS)
                     for seq in product(PAIRS, repeat=samples)})  # fmt: skip
    training = []
    for table in tables:
        marginal = {(s1, y): table[y][s1][0] + table[y][s1][1] for s1, y in PAIRS}
        law = dict.fromkeys(labels, Fraction(0))
        for seq in product(PAIRS, repeat=samples):
            mass = Fraction(1)
            for pair in seq:
                mass *= marginal[pair]
            law[tuple(Counter(seq)[pair] for pair in PAIRS)] += mass
        training.append([[law[label]] for label in labels])
    return Environment(("I", "II"), (p, 1 - p), (tuple(map(str, labels)), ("*",)),
                       (("A", "B"), ("a", "b")), tuple(training), tuple(tables),
                       Utility.matching())  # fmt: skip


def payoff_sets(env: Environment) -> dict[str, set[tuple[Fraction, Fraction]]]:
    analysis = analyze(env, exact=True)
    return {c: {e.payoff for e in s.equilibria()} for c, s in analysis.solutions.items()}


@pytest.mark.parametrize("samples", [1, 2, 3, 4])
def test_the_count_game_is_the_raw_counts_of_the_draws(samples: int) -> None:
    """``two_hypotheses(samples=N)`` has the law of the count vectors enumerated draw by
    draw, less the count vectors of probability zero in both worlds ((N + 1)^2 remain)."""
    reference = raw_count_environment(samples)
    env = two_hypotheses(*WITNESS, samples=samples)
    assert len(env.training_labels[0]) == (samples + 1) ** 2
    by_label = {count_label(tuple(int(n) for n in label.strip("()").split(","))): t
                for t, label in enumerate(reference.training_labels[0])}  # fmt: skip
    for w in (0, 1):
        ours = {label: env.training[w][t][0] for t, label in enumerate(env.training_labels[0])}
        theirs = {label: reference.training[w][t][0] for label, t in by_label.items()}
        assert ours == {k: v for k, v in theirs.items() if k in ours}
        assert all(v == 0 for k, v in theirs.items() if k not in ours)  # the left-out ones
        assert all(reference.training[1 - w][by_label[k]][0] == 0
                   for k, v in theirs.items() if k not in ours)  # fmt: skip
    assert payoff_sets(env) == payoff_sets(reference)


@pytest.mark.parametrize("samples", [1, 2, 3])
def test_at_the_witness_the_merged_game_plays_like_the_count_game(samples: int) -> None:
    """Claim 6's witness is generic: the same IRPO set and equilibrium payoffs with count
    vectors and with equal-posterior types merged (N + 3 of them)."""
    counts = two_hypotheses(*WITNESS, samples=samples)
    merged = two_hypotheses(*WITNESS, samples=samples, types="posterior")
    assert len(merged.training_labels[0]) == samples + 3
    assert analyze(counts, exact=True).verdicts.irpo == analyze(merged, exact=True).verdicts.irpo
    assert payoff_sets(counts) == payoff_sets(merged)


def test_the_count_game_has_equilibria_the_merged_game_lacks() -> None:
    """MODEL.md section 10: at (1/2, 1/5, 3/10, 2/5), N = 3, the count game's IRPO set is
    {train}, the merged game's {no}; every merged equilibrium is one of the count game
    (same payoff pair), not conversely."""
    params = ("1/2", "1/5", "3/10", "2/5")
    counts = analyze(two_hypotheses(*params, samples=3), exact=True)
    merged = analyze(two_hypotheses(*params, samples=3, types="posterior"), exact=True)
    assert counts.verdicts.irpo == ("train",) and merged.verdicts.irpo == ("no",)
    assert counts.solutions["train"].count == 16384 and merged.solutions["train"].count == 16
    for name in ("no", "infer", "full"):
        assert payoff_sets_of(merged, name) <= payoff_sets_of(counts, name)


def test_the_issue_point_has_1024_payoff_pairs_under_train() -> None:
    """At (1/5, 1/5, 1/10, 1/2), N = 3: 32 train equilibria when equal posteriors act
    alike, 1,024 distinct ex-ante payoff pairs when each count vector chooses."""
    params = ("1/5", "1/5", "1/10", "1/2")
    counts = analyze(two_hypotheses(*params, samples=3), exact=True).solutions["train"]
    merged = analyze(two_hypotheses(*params, samples=3, types="posterior"), exact=True)
    assert merged.solutions["train"].count == 32
    assert len({e.payoff for e in counts.equilibria()}) == 1024


def payoff_sets_of(analysis, name: str) -> set[tuple[Fraction, Fraction]]:  # type: ignore[no-untyped-def]
    return {e.payoff for e in analysis.solutions[name].equilibria()}


def test_the_posterior_follows_bayes_rule() -> None:
    """P(I | t1) read off the environment equals Bayes' rule over the 4^4 sequences of
    four examples; a diseased example reveals the hypothesis."""
    env = two_hypotheses(*WITNESS, samples=4, types="posterior")
    p = Fraction(1, 10)
    tables = [hypotheses_signal_table(Fraction(1, 10), Fraction(1, 20), Fraction(3, 10), w)
              for w in ("I", "II")]  # fmt: skip
    joint = {}
    for w, table in enumerate(tables):
        marginal = {(s1, y): table[y][s1][0] + table[y][s1][1] for s1, y in PAIRS}
        for seq in product(PAIRS, repeat=4):
            sick = [s1 for s1, y in seq if y == 1]
            label = (
                ("I" if sick[0] == 0 else "II")
                if sick
                else f"A{sum(1 for s1, _ in seq if s1 == 0)}/4"
            )
            mass = p if w == 0 else 1 - p
            for pair in seq:
                mass *= marginal[pair]
            joint[label, w] = joint.get((label, w), Fraction(0)) + mass
    labels = env.training_labels[0]
    for t, label in enumerate(labels):
        by_env = [env.prior[w] * env.training[w][t][0] for w in (0, 1)]
        by_bayes = [joint.get((label, w), Fraction(0)) for w in (0, 1)]
        assert by_env == by_bayes, label
    assert env.training[1][labels.index("I")][0] == 0  # under II no diseased A is seen


def test_many_samples_reach_plentiful_data() -> None:
    plentiful = analyze(two_hypotheses(*WITNESS), exact=True)
    many = analyze(two_hypotheses(*WITNESS, samples=61, types="posterior"), exact=True)
    assert many.verdicts.irpo == plentiful.verdicts.irpo == ("infer",)
    for contract in ("no", "train", "infer"):
        (ours,), (limit,) = (a.solutions[contract].equilibria() for a in (many, plentiful))
        assert all(abs(a - b) < Fraction(1, 1000) for a, b in zip(ours.payoff, limit.payoff))
        assert ours.payoff != limit.payoff  # close, but 61 examples are not infinitely many


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"samples": 0}, "samples = 0: must be between 1 and 10 with types = 'counts'"),
        ({"samples": 11}, "samples = 11: must be between 1 and 10 .*'posterior' allows more"),
        ({"samples": 126, "types": "posterior"}, "samples = 126: must be between 1 and 125"),
        ({"types": "posterior"}, "types = 'posterior': applies only with samples = N"),
        ({"samples": 2, "types": "raw"}, "types = 'raw': must be one of counts, posterior"),
        ({"samples": True}, "samples = True: must be a whole number"),
        ({"samples": 2, "one_sample": True}, "exclude each other"),
    ],
)
def test_bad_sample_counts_are_refused(options: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        two_hypotheses(*WITNESS, **options)


def test_written_numbers_keep_their_digit_limit() -> None:
    """N-sample tables may hold larger exact numbers than a user may write."""
    with pytest.raises(ValueError, match="at most 10\\^100"):
        to_fraction(Fraction(1, 10**101), "x")
    env = two_hypotheses(*WITNESS, samples=61, types="posterior")
    assert max(v.denominator for row in env.training[0] for v in row) > 10**100
