"""From two firms' data to an environment of MODEL.md section 2: the training law by
resampling, the inference law by counting.

The construction, in plain words:

* **Worlds** are segments of the market, the values of one column (Lending Club: the
  loan's term). Before training, a firm does not know which segment it will be
  selling to; the prior is each segment's share of all rows. Segments with too few
  rows among the calibration rows or the stream (``min_rows``) or in a firm's history
  (``min_firm_rows``) are merged into one world ``other`` (the report says which).
  Without a segment column there is one world, and training tells nothing about it.
* **Training observations** are what a firm's own model tells it about the segment:
  refitted on a resample of its own rows of that segment, the model's accuracy on
  that resample, bucketed at the firm's median over all resamples (``low``/``high``).
  ``P_w(t1, t2)`` is the frequency of each pair over ``resamples`` paired resamples.
* **Signals** are the firms' buckets of their predicted repayment probability
  (:mod:`estimate.firms`), and ``P_w(y, s1, s2)`` is their frequency with the label on
  the calibration rows of segment w (held out from training, and apart from the
  stream on which the contracts are validated).
* **What the firms did learn**: in each segment, each firm's training observation is
  the same statistic of a model fitted on its own rows of the segment as they are (no
  resampling), bucketed at the same cut (``Estimate.realized``); validation plays the
  contracts at these.
* Every table is smoothed before normalizing, so that no cell the data happen to miss
  is impossible: ``smoothing`` (default 1/2) pseudo-rows per cell are added, spread
  over the cells as the pooled table of all worlds is (plus ``smoothing`` per cell, so
  that it has no zeros). Spreading the pseudo-rows like the data, not uniformly, keeps
  them from adding defaults a lender rarely sees (5% of Lending Club's loans), which
  with a large loss per default would bias the predicted payoffs down. The tables are
  exact Fractions of the counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from contracts import Environment, Utility
from estimate.datasets import LabelledData
from estimate.firms import FittedFirm, RowSplit, fit_firm

MIN_ROWS = 30
MIN_FIRM_ROWS = 5
#: Cells of the inference law seen fewer times than this are reported as sparse.
SPARSE_COUNT = 5
TRAINING_LABELS = ("low", "high")
#: The segment of rows whose segment value is missing.
MISSING = "missing"


def _missing(value: Any) -> bool:
    """None, NaN and pandas' missing markers."""
    return value is None or (isinstance(value, float) and value != value) or str(value) in (
        "nan", "NaN", "<NA>", "NaT", "None")


@dataclass(frozen=True)
class Estimate:
    """The estimated environment and what it was estimated from (the report)."""

    environment: Environment
    worlds: tuple[str, ...]
    merged: tuple[str, ...]
    accuracies: dict[str, tuple[float, float]]
    realized: dict[str, tuple[int, int]]
    cuts: tuple[float, float]
    sparse_cells: dict[str, int]
    smoothing: Fraction
    statistics: dict[str, list[tuple[float, float]]] = field(repr=False)
    row_worlds: np.ndarray = field(repr=False, compare=False, default_factory=lambda: np.array([]))
    aucs: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


def _smoothed(counts: np.ndarray, smoothing: Fraction, pooled: np.ndarray) -> list[Any]:
    """Counts plus ``smoothing * cells`` pseudo-rows spread like ``pooled + smoothing``,
    normalized, as nested lists of Fractions (module docstring)."""
    shape = [Fraction(int(c)) + smoothing for c in pooled.flat]
    weight = smoothing * counts.size / sum(shape)
    total = Fraction(int(counts.sum())) + smoothing * counts.size
    flat = [(Fraction(int(c)) + weight * p) / total for c, p in zip(counts.flat, shape)]
    return np.array(flat, dtype=object).reshape(counts.shape).tolist()


def world_labels(
    data: LabelledData,
    segments: str | None,
    split: RowSplit,
    min_rows: int = MIN_ROWS,
    min_firm_rows: int = MIN_FIRM_ROWS,
) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """Every row's world, the worlds in order, and the segments merged into ``other``.

    A segment needs ``min_rows`` rows among the calibration rows and among the stream,
    and ``min_firm_rows`` among each firm's rows; smaller ones are merged into ``other``.
    Without ``segments`` every row is in the one world ``all``.
    """
    if segments is None:
        return np.full(data.rows, "all"), ("all",), ()
    if segments == data.label_column:
        raise ValueError(f"segments = {segments!r}: is the label column; segments must be a "
                         "column the firms know before the outcome (a region, a product)")
    if segments not in data.features.columns:
        raise ValueError(f"segments = {segments!r}: not a column of {data.name!r}")
    # missing values are a segment of their own, "missing"
    column = data.features[segments].tolist()
    values = np.array([MISSING if _missing(v) else str(v) for v in column], dtype=object)
    parts = ((split.firm1, min_firm_rows), (split.firm2, min_firm_rows),
             (split.calibration, min_rows), (split.stream, min_rows))  # fmt: skip
    small = {
        value
        for value in set(values)
        if any(int(np.sum(values[rows] == value)) < least for rows, least in parts)
    }
    worlds = np.where(np.isin(values, sorted(small)), "other", values)
    names = tuple(sorted(set(worlds.tolist())))
    if "other" in names and any(int(np.sum(worlds[r] == "other")) < least for r, least in parts):
        raise ValueError(
            f"segments = {segments!r}: segments {sorted(small)[:5]} are too small, even merged: "
            f"a segment needs {min_rows} calibration and {min_rows} stream rows and "
            f"{min_firm_rows} rows of each firm; use fewer segments or more rows"
        )
    return worlds, names, tuple(sorted(small))


def estimate_environment(
    data: LabelledData,
    split: RowSplit,
    firms: tuple[FittedFirm, FittedFirm],
    segments: str | None,
    reward: Any = 1,
    cost: Any = 1,
    resamples: int = 40,
    estimator: str = "logistic",
    smoothing: Fraction = Fraction(1, 2),
    seed: int = 0,
    min_rows: int = MIN_ROWS,
    progress: Callable[[], None] | None = None,
) -> Estimate:
    """The environment estimated from the firms' data (module docstring); ``progress``
    is called after each refit."""
    if resamples < 2:
        raise ValueError(f"resamples = {resamples}: must be at least 2")
    worlds, names, merged = world_labels(data, segments, split, min_rows)
    rows = (split.firm1, split.firm2)
    generator = np.random.default_rng([seed, 2])
    statistics: dict[str, list[tuple[float, float]]] = {}
    for name in names:
        pairs = []
        for _ in range(resamples):
            pair = []
            for f in (0, 1):
                own = rows[f][worlds[rows[f]] == name]
                sample = generator.choice(own, len(own), replace=True)
                pair.append(_statistic(data, sample, firms[f].columns, estimator, seed))
                if progress is not None:
                    progress()
            pairs.append((pair[0], pair[1]))
        statistics[name] = pairs
    cuts = [float(np.median([p[f] for ps in statistics.values() for p in ps])) for f in (0, 1)]
    training_counts, inference_counts = [], []
    accuracies: dict[str, tuple[float, float]] = {}
    aucs: dict[str, tuple[float | None, float | None]] = {}
    realized: dict[str, tuple[int, int]] = {}
    sparse: dict[str, int] = {}
    s1, s2 = (firms[f].signals(data, split.calibration) for f in (0, 1))
    buckets = (len(firms[0].cuts) + 1, len(firms[1].cuts) + 1)
    for name in names:
        own = [rows[f][worlds[rows[f]] == name] for f in (0, 1)]
        learned = [_statistic(data, own[f], firms[f].columns, estimator, seed) for f in (0, 1)]
        realized[name] = (int(learned[0] > cuts[0]), int(learned[1] > cuts[1]))
        counts = np.zeros((2, 2), dtype=np.int64)
        for a, b in statistics[name]:
            counts[int(a > cuts[0]), int(b > cuts[1])] += 1
        training_counts.append(counts)
        here = worlds[split.calibration] == name
        y = data.label[split.calibration][here]
        table = np.zeros((2, buckets[0], buckets[1]), dtype=np.int64)
        np.add.at(table, (y, s1[here], s2[here]), 1)
        inference_counts.append(table)
        sparse[name] = int(np.sum(table < SPARSE_COUNT))
        calibration = split.calibration[here]
        accuracies[name] = (
            firms[0].accuracy(data, calibration),
            firms[1].accuracy(data, calibration),
        )
        aucs[name] = (firms[0].auc(data, calibration), firms[1].auc(data, calibration))
    shares = [int(np.sum(worlds == n)) for n in names]
    prior = tuple(Fraction(c, sum(shares)) for c in shares)
    label = f"{data.name}: worlds by {segments}" if segments else f"{data.name}: one world"
    environment = environment_from_counts(
        names, prior, training_counts, inference_counts, smoothing, reward, cost, label
    )
    return Estimate(environment, names, merged, accuracies, realized, (cuts[0], cuts[1]), sparse,
                    smoothing, statistics, worlds, aucs)  # fmt: skip


def environment_from_counts(
    names: tuple[str, ...],
    prior: tuple[Fraction, ...],
    training_counts: list[np.ndarray],
    inference_counts: list[np.ndarray],
    smoothing: Fraction,
    reward: Any,
    cost: Any,
    name: str,
) -> Environment:
    """The environment of per-world counts: training pairs ``[t1][t2]`` and calibration
    loans ``[y][s1][s2]``, each smoothed (module docstring), and the worlds' prior."""
    training, inference = (
        [_smoothed(c, smoothing, np.sum(tables, axis=0)) for c in tables]
        for tables in (training_counts, inference_counts)
    )
    buckets = inference_counts[0].shape[1:]
    return Environment(
        worlds=names,
        prior=prior,
        training_labels=(TRAINING_LABELS, TRAINING_LABELS),
        signal_labels=tuple(tuple(str(k) for k in range(b)) for b in buckets),  # type: ignore[arg-type]
        training=tuple(training),
        inference=tuple(inference),
        utility=Utility.significant_action(reward, cost),
        name=name,
        positive_signals=(str(buckets[0] - 1), str(buckets[1] - 1)),  # the top score bucket
    )


def _statistic(
    data: LabelledData, rows: np.ndarray, columns: tuple[str, ...], estimator: str, seed: int
) -> float:
    """A firm's training statistic on ``rows``: the in-sample accuracy of a model fitted on
    them (two buckets; a sample with one label: the share of that label)."""
    labels = data.label[rows]
    if len(set(labels.tolist())) < 2:
        return 1.0
    return fit_firm(data, rows, columns, estimator, 2, seed).accuracy(data, rows)
