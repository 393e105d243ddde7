"""Environments resampled from the data an estimate was built on (MODEL.md section 11,
uncertainty).

Each resample redoes the estimate on a fresh random split of the rows outside the
stream (the held-out loans the contracts are validated and piloted on, which no
resample touches): new training rows for each firm and new calibration loans, of the
sizes of the original split, drawn without replacement where the rows suffice and with
replacement otherwise. On it:

* each firm's classifier is refitted on its new rows and its signals on the new
  calibration loans are recomputed from the refitted scores and their bucket cuts (the
  firm's feature encoding, fitted once, is kept: a refit costs the classifier alone);
* the inference law is counted on the new calibration loans of each world;
* the training law's paired statistics (the firms' refits on resamples of their own rows
  of each world) are resampled within each world;

and the environment is built from those counts exactly as
:func:`estimate.construction.estimate_environment` does. The cut between low and high
training statistics, the prior and what the firms actually learned are held fixed.
Because every resample draws from the same rows, whatever split the run's seed made,
the spread of the resamples, and so the probability of being best, depends little on
the seed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from contracts import Environment
from estimate.construction import Estimate, environment_from_counts
from estimate.datasets import LabelledData
from estimate.firms import FittedFirm, RowSplit


class FirmRefits:
    """A firm's classifier refitted on chosen rows, its feature encoding kept; the
    encoded features of every row are computed once."""

    def __init__(self, firm: FittedFirm, data: LabelledData) -> None:
        encode = firm.pipeline[:-1]
        self.classifier = firm.pipeline[-1]
        self.features = encode.transform(data.features[list(firm.columns)])
        self.labels = data.label
        self.buckets = len(firm.cuts) + 1

    def signals(self, train: np.ndarray, calibration: np.ndarray) -> np.ndarray:
        """The signals of the ``calibration`` rows under a refit on the ``train`` rows
        (the fitted classifier kept where those rows hold one label only)."""
        from sklearn.base import clone

        labels = self.labels[train]
        model = self.classifier
        if len(set(labels.tolist())) == 2:
            model = clone(self.classifier).fit(self.features[train], labels)
        training = model.predict_proba(self.features[train])[:, 1]
        cuts = np.quantile(training, np.arange(1, self.buckets) / self.buckets)
        scores = model.predict_proba(self.features[calibration])[:, 1]
        return np.searchsorted(cuts, scores, side="right").astype(np.int64)


def resampled_environments(
    estimate: Estimate,
    data: LabelledData,
    split: RowSplit,
    firms: tuple[FittedFirm, FittedFirm],
    count: int,
    seed: int,
) -> Iterator[Environment]:
    """``count`` environments, each from one resample (module docstring)."""
    env = estimate.environment
    generator = np.random.default_rng([seed, 11])
    refits = (FirmRefits(firms[0], data), FirmRefits(firms[1], data))
    pool = np.setdiff1d(np.arange(data.rows), split.stream)
    sizes = (len(split.firm1), len(split.firm2), len(split.calibration))
    disjoint = sum(sizes) <= len(pool)
    buckets = tuple(len(labels) for labels in env.signal_labels)
    reward, cost = env.utility.reward1, env.utility.cost1
    for _ in range(count):
        if disjoint:
            order = generator.permutation(pool)
            first, second = sizes[0], sizes[0] + sizes[1]
            rows = (order[:first], order[first:second], order[second:second + sizes[2]])
        else:
            rows = tuple(generator.choice(pool, n, replace=True) for n in sizes)  # type: ignore[assignment]
        calibration = rows[2]
        s1 = refits[0].signals(rows[0], calibration)
        s2 = refits[1].signals(rows[1], calibration)
        y = data.label[calibration].astype(np.int64)
        worlds = estimate.row_worlds[calibration]
        training_counts, inference_counts = [], []
        for name in estimate.worlds:
            pairs = np.array(estimate.statistics[name])
            drawn = pairs[generator.integers(0, len(pairs), len(pairs))]
            counts = np.zeros((2, 2), dtype=np.int64)
            np.add.at(counts, ((drawn[:, 0] > estimate.cuts[0]).astype(int),
                               (drawn[:, 1] > estimate.cuts[1]).astype(int)), 1)  # fmt: skip
            training_counts.append(counts)
            here = worlds == name
            table = np.zeros((2, buckets[0], buckets[1]), dtype=np.int64)
            np.add.at(table, (y[here], s1[here], s2[here]), 1)
            inference_counts.append(table)
        yield environment_from_counts(
            estimate.worlds, env.prior, training_counts, inference_counts, estimate.smoothing,
            reward, cost, env.name,
        )  # fmt: skip
