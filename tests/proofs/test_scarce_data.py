"""The two games of MODEL.md section 10 against each other (proofs.scarce_data)."""

from __future__ import annotations

from fractions import Fraction

from contracts.settings import two_hypotheses
from proofs.scarce_data import embedded_profiles, is_equilibrium, merged_label, solve_point
from solvers.analysis.environment import analyze

POINT = ("1/2", "1/5", "3/10", "2/5")  # MODEL.md section 10's point


def test_each_count_vector_maps_to_the_merged_type_of_its_posterior() -> None:
    """The merged label of a count vector is the merged type with the same posterior of
    hypothesis I (Bayes' rule on both environments' training laws)."""
    n = 4
    counts = two_hypotheses(*POINT, samples=n)
    merged = two_hypotheses(*POINT, samples=n, types="posterior")

    def posteriors(env):  # type: ignore[no-untyped-def]
        out = {}
        for t, label in enumerate(env.training_labels[0]):
            mass = [env.prior[w] * env.training[w][t][0] for w in (0, 1)]
            if sum(mass):
                out[label] = mass[0] / sum(mass)
        return out

    ours, theirs = posteriors(counts), posteriors(merged)
    for label, posterior in ours.items():
        assert theirs[merged_label(label, n)] == posterior, label
    assert {merged_label(label, n) for label in ours} == set(theirs)


def test_a_merged_equilibrium_is_one_of_the_count_game_and_a_flip_is_not() -> None:
    """The embedded profiles pass the exact best-reply check; flipping a strict cell of
    firm 1 fails it."""
    n = 3
    counts = analyze(two_hypotheses(*POINT, samples=n), exact=True).solutions["infer"]
    merged = analyze(two_hypotheses(*POINT, samples=n, types="posterior"), exact=True)
    (profile,) = list(embedded_profiles(merged.solutions["infer"], counts, n))
    assert is_equilibrium(counts.game, profile)
    assert counts.count == 1  # so the embedded profile is the count game's one equilibrium
    assert profile in set(counts.profiles())
    x, y = profile
    flipped = (tuple(1 - a if k == 0 else a for k, a in enumerate(x)), y)
    assert not is_equilibrium(counts.game, flipped)


def test_a_point_reports_both_games() -> None:
    result = solve_point(
        {"N": 3, **{k: Fraction(v) for k, v in zip(("p", "kappa", "lam", "mu"), POINT)}}
    )
    assert not result.refused and result.not_embedded is None and result.embedded > 0
    assert result.counts["irpo"] == ["train"] and result.merged["irpo"] == ["no"]  # type: ignore[index]
    assert result.counts["equilibria"]["train"] == 16384  # type: ignore[index]
