"""Environments resampled from what an estimate was built on (MODEL.md section 11,
uncertainty).

Each resample draws, with replacement and within each world, the paired training
statistics of the training law (the firms' refits on resamples of their own rows) and
the calibration loans of the inference law, and builds the environment from those
counts exactly as :func:`estimate.construction.estimate_environment` does. The firms'
fitted models, the cut between low and high training statistics, the prior and what
the firms actually learned are held fixed: a resample costs counting and one exact
analysis, not a refit of the firms.
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


def resampled_environments(
    estimate: Estimate,
    loans: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    count: int,
    seed: int,
) -> Iterator[Environment]:
    """``count`` environments, each from one resample (module docstring)."""
    env = estimate.environment
    generator = np.random.default_rng([seed, 11])
    buckets = tuple(len(labels) for labels in env.signal_labels)
    reward, cost = env.utility.reward1, env.utility.cost1
    for _ in range(count):
        training_counts, inference_counts = [], []
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
