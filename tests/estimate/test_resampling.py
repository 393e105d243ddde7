"""Resampled environments (MODEL.md section 11, uncertainty): valid environments on the
same worlds and prior, centred on the estimate, spread by the sample, and reproducible by
seed; refitted firms give signals of the same buckets."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn", reason="the data extra is not installed")

from estimate.construction import estimate_environment  # noqa: E402
from estimate.datasets import load_dataset  # noqa: E402
from estimate.firms import fit_firm, split_rows  # noqa: E402
from estimate.resampling import FirmRefits, resampled_environments  # noqa: E402
from tests.estimate.test_construction import planted_data  # noqa: E402


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = planted_data(tmp_path_factory.mktemp("data") / "planted.csv", 4000, seed=4)
    data = load_dataset(str(path), "y")
    split = split_rows(data.rows, (1000, 1000), 1600, seed=5)
    firms = (fit_firm(data, split.firm1, ("a", "noise1")),
             fit_firm(data, split.firm2, ("b", "noise2")))  # fmt: skip
    estimate = estimate_environment(data, split, firms, "segment", reward=1, cost="1/2",
                                    resamples=20, seed=6)  # fmt: skip
    return data, split, firms, estimate


def _table(env, w: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([[[float(p) for p in row] for row in table] for table in env.inference[w]])


def test_resamples_are_centred_on_the_estimate_and_spread(fitted) -> None:  # type: ignore[no-untyped-def]
    data, split, firms, estimate = fitted
    envs = list(resampled_environments(estimate, data, split, firms, 40, seed=3))
    assert len(envs) == 40
    for env in envs:
        assert env.worlds == estimate.environment.worlds
        assert env.prior == estimate.environment.prior
    for w in range(len(estimate.worlds)):
        tables = np.array([_table(env, w) for env in envs])
        mean = tables.mean(axis=0)
        assert np.abs(mean - _table(estimate.environment, w)).max() < 0.03
        assert tables.std(axis=0).max() > 0.002  # a resample is not the estimate again


def test_resamples_are_reproducible_by_seed(fitted) -> None:  # type: ignore[no-untyped-def]
    data, split, firms, estimate = fitted
    first = list(resampled_environments(estimate, data, split, firms, 3, seed=9))
    again = list(resampled_environments(estimate, data, split, firms, 3, seed=9))
    other = list(resampled_environments(estimate, data, split, firms, 3, seed=10))
    assert [e.inference for e in first] == [e.inference for e in again]
    assert [e.inference for e in first] != [e.inference for e in other]


def test_a_refitted_firm_keeps_its_buckets(fitted) -> None:  # type: ignore[no-untyped-def]
    data, split, firms, estimate = fitted
    rows = (split.firm1, split.firm2)
    for f in (0, 1):
        refit = FirmRefits(firms[f], data)
        signals = refit.signals(rows[f], split.calibration)
        # refitted on the same rows, it is the fitted firm again
        assert np.array_equal(signals, firms[f].signals(data, split.calibration))
        other = refit.signals(np.random.default_rng(f).permutation(split.stream)[:800],
                              split.calibration)  # fmt: skip
        assert set(other.tolist()) <= {0, 1}
        assert 0.8 < np.mean(other == signals) < 1.0  # new rows: a close, different model


@pytest.fixture
def refits(monkeypatch):  # type: ignore[no-untyped-def]
    """The (train, calibration) rows of every refit, in call order (firm 1, firm 2, ...)."""
    seen: list[tuple[np.ndarray, np.ndarray]] = []
    original = FirmRefits.signals

    def spy(self, train, calibration):  # type: ignore[no-untyped-def]
        seen.append((train, calibration))
        return original(self, train, calibration)

    monkeypatch.setattr(FirmRefits, "signals", spy)
    return seen


def test_no_resample_touches_the_stream(fitted, refits) -> None:  # type: ignore[no-untyped-def]
    data, split, firms, estimate = fitted
    list(resampled_environments(estimate, data, split, firms, 5, seed=1))
    stream = set(split.stream.tolist())
    assert refits and all(not stream & set(rows.tolist()) for pair in refits for rows in pair)


def test_resamples_draw_disjoint_rows_when_they_fit_and_with_replacement_otherwise(  # type: ignore[no-untyped-def]
    fitted, refits
) -> None:
    """3,200 rows outside the stream: two firms of 1,000 and 800 calibration rows fit
    disjointly (each resample is a permutation's three parts), as do firms of 1,200 and
    600; firms of 2,000 do not,
    and each part is drawn with replacement (a draw of 2,000 from 3,200 repeats rows)."""
    from estimate.firms import RowSplit

    data, split, firms, estimate = fitted
    list(resampled_environments(estimate, data, split, firms, 2, seed=1))
    for (train1, calibration), (train2, _) in zip(refits[0::2], refits[1::2]):
        parts = np.concatenate([train1, train2, calibration])
        assert (len(train1), len(train2), len(calibration)) == (1000, 1000, 800)
        assert len(np.unique(parts)) == len(parts)
    refits.clear()
    uneven = RowSplit(np.arange(1200), np.arange(600), split.calibration, split.stream)
    list(resampled_environments(estimate, data, uneven, firms, 1, seed=1))
    (train1, calibration), (train2, _) = refits
    assert (len(train1), len(train2), len(calibration)) == (1200, 600, 800)
    assert len(np.unique(np.concatenate([train1, train2, calibration]))) == 2600
    refits.clear()
    wide = RowSplit(np.arange(2000), np.arange(2000), split.calibration, split.stream)
    list(resampled_environments(estimate, data, wide, firms, 2, seed=1))
    for train, calibration in refits:
        assert len(train) == 2000 and len(np.unique(train)) < 2000
        assert len(np.unique(calibration)) < len(calibration) == 800


def test_a_resample_of_one_label_keeps_the_fitted_classifier(fitted) -> None:  # type: ignore[no-untyped-def]
    """Rows that all repaid cannot train a classifier: the fitted one is kept and only the
    cuts move, so the signals are the fitted model's scores cut at the new rows' scores."""
    data, split, firms, estimate = fitted
    refit = FirmRefits(firms[0], data)
    repaid = split.firm1[data.label[split.firm1] == 1][:300]
    signals = refit.signals(repaid, split.calibration)
    kept = firms[0].pipeline[-1]
    training = kept.predict_proba(refit.features[repaid])[:, 1]
    cut = np.quantile(training, 0.5)
    scores = kept.predict_proba(refit.features[split.calibration])[:, 1]
    assert np.array_equal(signals, (scores > cut).astype(np.int64))


@pytest.fixture
def counts(monkeypatch):  # type: ignore[no-untyped-def]
    """The (training, inference) counts of every resample, in order."""
    import estimate.resampling as resampling

    seen: list[tuple[list[np.ndarray], list[np.ndarray]]] = []
    original = resampling.environment_from_counts

    def spy(worlds, prior, training, inference, *rest):  # type: ignore[no-untyped-def]
        seen.append((training, inference))
        return original(worlds, prior, training, inference, *rest)

    monkeypatch.setattr(resampling, "environment_from_counts", spy)
    return seen


def test_a_resamples_counts_hold_each_calibration_row_once(fitted, counts) -> None:  # type: ignore[no-untyped-def]
    """Per world, the inference counts of a resample add up to its calibration rows in
    that world, and its training counts to the estimate's resamples of the statistics."""
    data, split, firms, estimate = fitted
    list(resampled_environments(estimate, data, split, firms, 2, seed=3))
    assert len(counts) == 2
    for training, inference in counts:
        assert sum(int(table.sum()) for table in inference) == len(split.calibration)
        for name, counts in zip(estimate.worlds, training):
            assert int(counts.sum()) == len(estimate.statistics[name])


def test_every_statistic_pair_can_be_drawn_again(fitted, counts) -> None:  # type: ignore[no-untyped-def]
    """The training counts of a resample draw the estimate's statistic pairs with
    replacement, the first one too: with only the first pair above both cuts, the high
    cell holds the draws of it (one in twenty on average)."""
    import dataclasses

    data, split, firms, estimate = fitted
    marked = {name: [(1.0, 1.0)] + [(0.0, 0.0)] * 19 for name in estimate.worlds}
    changed = dataclasses.replace(estimate, statistics=marked, cuts=(0.5, 0.5))
    list(resampled_environments(changed, data, split, firms, 10, seed=3))
    trainings = [training for training, _ in counts]
    high = [int(c[1][1]) for training in trainings for c in training]
    assert all(int(c[0][1]) == int(c[1][0]) == 0 for training in trainings for c in training)
    assert 0 < sum(high) < 60  # 400 draws: about 20 of the first pair
