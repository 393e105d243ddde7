"""Every estimator a firm may learn with (estimate.firms.ESTIMATORS), with non-default
buckets and seeds, on data whose accuracy is planted."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pandas")
pytest.importorskip("sklearn")

from estimate.datasets import load_dataset  # noqa: E402
from estimate.firms import ESTIMATORS, fit_firm, split_rows  # noqa: E402
from tests.estimate.test_construction import planted_data  # noqa: E402


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = load_dataset(str(planted_data(tmp_path_factory.mktemp("d") / "p.csv", 4000, 3)), "y")
    return data, split_rows(data.rows, (1500, 1500), 1000, seed=7)


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("buckets", [2, 4])
def test_each_estimator_learns_the_planted_signal(planted, estimator: str, buckets: int) -> None:  # type: ignore[no-untyped-def]
    """Firm 1's feature is right 90% of the time in segment A and 60% in B, so about 75%
    overall: the linear and Bayes estimators' held-out accuracy is near it, the trees'
    (which also fit the noise column) above chance; every AUC is above chance, and the
    signals use the buckets asked for and rise with the label."""
    data, split = planted
    firm = fit_firm(data, split.firm1, ("a", "noise1"), estimator, buckets, seed=3)
    rows = split.calibration
    accuracy = firm.accuracy(data, rows)
    assert 0.6 < accuracy < 0.8
    assert estimator in ("tree", "forest") or accuracy > 0.7
    assert firm.auc(data, rows) > 0.6  # type: ignore[operator]
    signals = firm.signals(data, rows)
    assert len(firm.cuts) == buckets - 1 and 0 <= signals.min() and signals.max() < buckets
    repaid = data.label[rows] == 1
    assert signals[repaid].mean() > signals[~repaid].mean()


@pytest.mark.parametrize("estimator", ["tree", "forest"])
def test_a_seeded_estimator_is_reproducible_and_the_seed_matters(planted, estimator: str) -> None:  # type: ignore[no-untyped-def]
    data, split = planted
    columns = ("a", "b", "noise1", "noise2")
    fit = [fit_firm(data, split.firm1, columns, estimator, 4, seed=s).scores(data, split.stream)
           for s in (5, 5, 6)]  # fmt: skip
    assert np.array_equal(fit[0], fit[1])
    assert estimator == "tree" or not np.array_equal(fit[0], fit[2])


def test_an_unknown_estimator_is_refused(planted) -> None:  # type: ignore[no-untyped-def]
    data, split = planted
    with pytest.raises(ValueError, match="estimator = 'svm': must be one of"):
        fit_firm(data, split.firm1, ("a",), "svm")


@pytest.mark.parametrize(
    ("sizes", "held_out", "message"),
    [
        ((0, 5), 10, r"^firm1 size = 0: must be at least 1$"),
        ((5, 0), 10, r"^firm2 size = 0: must be at least 1$"),
        ((5, 5), 1, r"^held-out = 1: must be at least 2 \(calibration and stream\)$"),
        ((46, 5), 10, r"^train sizes 46, 5: the data have 100 rows; with 10 held out a firm "
                      r"can have at most 45 disjoint rows \(--overlap lets the firms share rows\)$"),
    ],
)  # fmt: skip
def test_a_split_is_refused_past_each_limit(sizes, held_out, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        split_rows(100, sizes, held_out, seed=0)


def test_overlapping_firms_may_each_have_every_row_not_held_out() -> None:
    """With overlap the pool is all 90 rows not held out, and the refusal names neither
    disjoint rows nor the option that allows overlap."""
    assert len(split_rows(100, (90, 90), 10, seed=0, disjoint=False).firm1) == 90
    with pytest.raises(ValueError) as error:
        split_rows(100, (91, 5), 10, seed=0, disjoint=False)
    assert str(error.value) == (
        "train sizes 91, 5: the data have 100 rows; with 10 held out a firm can have at most 90 rows"
    )


def test_a_split_at_each_limit_is_accepted() -> None:
    """One row per firm, two held out (one to calibrate, one to stream), and the largest
    disjoint pool: (100 - 10) // 2 = 45 rows each."""
    smallest = split_rows(100, (1, 1), 2, seed=0)
    assert (len(smallest.firm1), len(smallest.firm2)) == (1, 1)
    assert (len(smallest.calibration), len(smallest.stream)) == (1, 1)
    largest = split_rows(100, (45, 45), 10, seed=0)
    assert len(set(largest.firm1) | set(largest.firm2) | set(largest.calibration)
               | set(largest.stream)) == 100  # fmt: skip


def test_a_seeded_tree_breaks_tied_splits_reproducibly() -> None:
    """Two features split the training rows equally well and disagree on new loans: the
    tree picks one at random, so its seed decides which (both picks occur over 20
    seeds) and the same seed always picks alike."""
    from estimate.firms import make_estimator

    x, y = np.array([[0, 0], [0, 0], [1, 1], [1, 1]]), np.array([0, 0, 1, 1])
    new = np.array([[1, 0], [0, 1]])

    def picks(seed: int) -> tuple[int, ...]:
        return tuple(make_estimator("tree", seed).fit(x, y).predict(new).tolist())

    by_seed = {seed: picks(seed) for seed in range(20)}
    assert set(by_seed.values()) == {(1, 0), (0, 1)}
    assert all(picks(seed) == by_seed[seed] for seed in range(20) for _ in range(3))
