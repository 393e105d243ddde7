"""Environments resampled from what an estimate was built on (MODEL.md section 11,
uncertainty).

Each resample redoes the estimate on resampled data, with replacement:

* each firm's model is refitted on a resample of its own training rows, and its signals
  on the calibration loans are recomputed from the refitted scores and their bucket
  cuts (the firm's feature encoding, fitted once on all its rows, is kept: a refit costs
  the classifier alone);
* the calibration loans of the inference law are resampled within each world;
* the paired training statistics of the training law (the firms' refits on resamples of
  their own rows of each world) are resampled within each world;

and the environment is built from those counts exactly as
:func:`estimate.construction.estimate_environment` does. The cut between low and high
training statistics, the prior and what the firms actually learned are held fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from contracts import Environment
from estimate.construction import Estimate, environment_from_counts
from estimate.datasets import LabelledData
from estimate.firms import FittedFirm, RowSplit


def calibration_loans(
    estimate: Estimate, data: LabelledData, split: RowSplit, firms: tuple[FittedFirm, FittedFirm]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per world, the labels and both firms' signals ``(y, s1, s2)`` of its calibration
    loans."""
    s1, s2 = (firms[f].signals(data, split.calibration) for f in (0, 1))
    y = data.label[split.calibration].astype(np.int64)
    here = [estimate.row_worlds[split.calibration] == name for name in estimate.worlds]
    return [(y[h], s1[h], s2[h]) for h in here]


class FirmRefits:
    """A firm's classifier refitted on resamples of its training rows, its feature
    encoding kept: the calibration loans' signals under each refit."""

    def __init__(self, firm: FittedFirm, data: LabelledData, rows: np.ndarray,
                 calibration: np.ndarray) -> None:  # fmt: skip
        encode = firm.pipeline[:-1]
        self.classifier = firm.pipeline[-1]
        self.train = encode.transform(data.features.iloc[rows][list(firm.columns)])
        self.labels = data.label[rows]
        self.calibration = encode.transform(data.features.iloc[calibration][list(firm.columns)])
        self.buckets = len(firm.cuts) + 1

    def signals(self, generator: np.random.Generator) -> np.ndarray:
        """The calibration loans' signals under one refit on resampled rows."""
        from sklearn.base import clone

        for _ in range(100):
            pick = generator.integers(0, len(self.labels), len(self.labels))
            if len(set(self.labels[pick].tolist())) == 2:
                break
        model = clone(self.classifier).fit(self.train[pick], self.labels[pick])
        training = model.predict_proba(self.train[pick])[:, 1]
        cuts = np.quantile(training, np.arange(1, self.buckets) / self.buckets)
        scores = model.predict_proba(self.calibration)[:, 1]
        return np.searchsorted(cuts, scores, side="right").astype(np.int64)


def firm_refits(
    estimate: Estimate, data: LabelledData, split: RowSplit, firms: tuple[FittedFirm, FittedFirm]
) -> tuple[FirmRefits, FirmRefits, list[np.ndarray]]:
    """Both firms' refits on the calibration loans, and each world's calibration mask."""
    masks = [estimate.row_worlds[split.calibration] == name for name in estimate.worlds]
    return (FirmRefits(firms[0], data, split.firm1, split.calibration),
            FirmRefits(firms[1], data, split.firm2, split.calibration), masks)  # fmt: skip


def resampled_environments(
    estimate: Estimate,
    loans: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    count: int,
    seed: int,
    refits: tuple[FirmRefits, FirmRefits, list[np.ndarray]] | None = None,
) -> Iterator[Environment]:
    """``count`` environments, each from one resample (module docstring); without
    ``refits`` (:func:`firm_refits`) the firms' signals are kept as they are."""
    env = estimate.environment
    generator = np.random.default_rng([seed, 11])
    buckets = tuple(len(labels) for labels in env.signal_labels)
    reward, cost = env.utility.reward1, env.utility.cost1
    for _ in range(count):
        training_counts, inference_counts = [], []
        if refits is not None:
            signals = (refits[0].signals(generator), refits[1].signals(generator))
            loans = [(y, signals[0][h], signals[1][h]) for (y, _, _), h in zip(loans, refits[2])]
        for w, name in enumerate(estimate.worlds):
            pairs = np.array(estimate.statistics[name])
            drawn = pairs[generator.integers(0, len(pairs), len(pairs))]
            counts = np.zeros((2, 2), dtype=np.int64)
            np.add.at(counts, ((drawn[:, 0] > estimate.cuts[0]).astype(int),
                               (drawn[:, 1] > estimate.cuts[1]).astype(int)), 1)  # fmt: skip
            training_counts.append(counts)
            y, s1, s2 = loans[w]
            pick = generator.integers(0, len(y), len(y))
            table = np.zeros((2, buckets[0], buckets[1]), dtype=np.int64)
            np.add.at(table, (y[pick], s1[pick], s2[pick]), 1)
            inference_counts.append(table)
        yield environment_from_counts(
            estimate.worlds, env.prior, training_counts, inference_counts, estimate.smoothing,
            reward, cost, env.name,
        )  # fmt: skip
