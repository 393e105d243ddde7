"""From two lenders' data to a recommended contract, end to end (MODEL.md sections 2 and 11).

For each train size: split the rows (:func:`estimate.firms.split_rows`), fit both
firms, estimate the environment (:mod:`estimate.construction`), analyse every contract
exactly (:func:`solvers.analysis.environment.analyze`), recommend one
(:func:`solvers.decision.recommend.recommend`) and validate every contract on the held-out
stream (:mod:`predshare.data.validation`). The held-out rows are the same for every
train size, and a firm's rows for a smaller size are the first of its rows for a
larger one, so that the sizes differ only in how much each firm learned from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from contracts import to_fraction
from estimate.construction import Estimate, estimate_environment, world_labels
from estimate.datasets import LabelledData, check_views, load_dataset
from estimate.firms import ESTIMATORS, MAX_BUCKETS, FittedFirm, RowSplit, fit_firm, split_rows
from predshare.data.validation import Check, validate
from solvers.analysis.environment import ContractAnalysis, analyze
from solvers.decision.recommend import Recommendation, recommend

#: Money per loan: a repaid loan granted earns REWARD, a default granted loses COST (per
#: 100 lent: about 5 net of funding and servicing, about 60 after recoveries).
DEFAULT_REWARD = Fraction(5)
DEFAULT_COST = Fraction(60)
DEFAULT_VOLUME = 10_000
DEFAULT_TRAIN_SIZE = 2000
#: Held-out rows (half calibration, half stream): at most this, and at most a third of
#: the data.
DEFAULT_HELD_OUT = 3000
SCHEMA = "predshare.data/1"
#: The most resamples per world of the training law (each is two classifier fits).
MAX_RESAMPLES = 1000
#: The most bootstrap resamples of the validation.
MAX_BOOTSTRAP = 100_000


@dataclass(frozen=True)
class DataConfig:
    """Everything one run of ``predshare data`` depends on (validated on construction)."""

    dataset: str = "lending_club"
    label: str | None = None
    positive: str | None = None
    firm1_features: tuple[str, ...] | None = None
    firm2_features: tuple[str, ...] | None = None
    segments: str | None = None
    #: None: DEFAULT_TRAIN_SIZE, or as many rows as the data allow a firm if fewer
    train_sizes: tuple[int, ...] | None = None
    held_out: int | None = None
    overlap: bool = False
    estimator: str = "logistic"
    buckets: int = 2
    resamples: int = 40
    reward: Fraction = DEFAULT_REWARD
    cost: Fraction = DEFAULT_COST
    volume: int = DEFAULT_VOLUME
    bootstrap: int = 1000
    seed: int = 0

    def __post_init__(self) -> None:
        if self.train_sizes is None:
            pass
        elif not self.train_sizes:
            raise ValueError("train-sizes = []: name at least one train size")
        for size in self.train_sizes or ():
            if not isinstance(size, int) or size < 10:
                raise ValueError(f"train-sizes: {size!r} must be a whole number >= 10")
        if self.train_sizes is not None and len(set(self.train_sizes)) != len(self.train_sizes):
            raise ValueError(f"train-sizes = {list(self.train_sizes)}: a size is listed twice")
        if self.estimator not in ESTIMATORS:
            raise ValueError(
                f"estimator = {self.estimator!r}: must be one of {', '.join(ESTIMATORS)}"
            )
        if not 2 <= self.buckets <= MAX_BUCKETS:
            raise ValueError(f"buckets = {self.buckets}: must be between 2 and {MAX_BUCKETS}")
        bounds = (("resamples", 2, MAX_RESAMPLES), ("bootstrap", 100, MAX_BOOTSTRAP),
                  ("volume", 1, 10**12), ("seed", 0, 2**63 - 1))  # fmt: skip
        for name, least, most in bounds:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ValueError(f"{name} = {value!r}: must be a whole number >= {least}")
            if value > most:
                raise ValueError(f"{name} = {value!r}: must be at most {most:,}")
        if self.held_out is not None and self.held_out < 2 * 30:
            raise ValueError(f"held-out = {self.held_out}: must be at least 60")
        for name in ("reward", "cost"):
            value = to_fraction(getattr(self, name), name)
            if value < 0:
                raise ValueError(f"{name} = {value}: must be nonnegative")
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self.__dataclass_fields__:
            value = getattr(self, key)
            out[key] = (
                float(value)
                if isinstance(value, Fraction)
                else list(value)
                if isinstance(value, tuple)
                else value
            )
        return out


@dataclass(frozen=True)
class SizeResult:
    """One train size: the estimate, its analysis, the recommendation, the validation."""

    train_size: int
    estimate: Estimate
    analysis: ContractAnalysis
    recommendation: Recommendation
    validation: dict[str, Check]
    split: RowSplit = field(repr=False, compare=False)
    firms: tuple[FittedFirm, FittedFirm] = field(repr=False, compare=False)


@dataclass(frozen=True)
class DataReport:
    """A whole run: the data, the firms' views and one result per train size."""

    config: DataConfig
    data_name: str
    rows: int
    repaid: int
    views: tuple[tuple[str, ...], tuple[str, ...]]
    segments: str | None
    held_out: tuple[int, int]
    results: tuple[SizeResult, ...] = field(repr=False)
    dataset: LabelledData | None = field(default=None, repr=False, compare=False)


def held_out_rows(config: DataConfig, rows: int) -> int:
    """The held-out rows of a run: ``--held-out`` or the default (module constants)."""
    if config.held_out is not None:
        return config.held_out
    return min(DEFAULT_HELD_OUT, rows // 3)


def resolved_train_sizes(config: DataConfig, rows: int) -> tuple[int, ...]:
    """The train sizes of a run: the configured ones, or by default DEFAULT_TRAIN_SIZE,
    capped at the rows a firm can have once the held-out rows are set aside."""
    if config.train_sizes is not None:
        return config.train_sizes
    rest = rows - held_out_rows(config, rows)
    pool = rest if config.overlap else rest // 2
    return (max(min(DEFAULT_TRAIN_SIZE, pool), 10),)


def run_data(
    config: DataConfig, progress: Callable[[str, int, int], None] | None = None
) -> DataReport:
    """Run the pipeline (module docstring). ``progress(stage, done, total)`` is called
    as the firms are fitted (stage ``training``) and the contracts validated
    (``bootstrap``)."""
    used = None
    if config.firm1_features is not None and config.firm2_features is not None:
        used = (*config.firm1_features, *config.firm2_features,
                *([config.segments] if config.segments else []))  # fmt: skip
    data = load_dataset(config.dataset, config.label, config.positive, used)
    views = check_views(data, config.firm1_features, config.firm2_features)
    segments = config.segments if config.segments is not None else data.segments
    held = held_out_rows(config, data.rows)
    config = dataclasses.replace(config, train_sizes=resolved_train_sizes(config, data.rows))
    assert config.train_sizes is not None
    splits = [
        split_rows(data.rows, (n, n), held, config.seed, disjoint=not config.overlap)
        for n in config.train_sizes
    ]  # every size is checked before any work
    results = []
    for size, split in zip(config.train_sizes, splits):
        results.append(_one_size(config, data, views, segments, size, split, progress))
    split = splits[0]
    return DataReport(config, data.name, data.rows, int(data.label.sum()), views, segments,
                      (len(split.calibration), len(split.stream)), tuple(results),
                      data)  # fmt: skip


def _one_size(
    config: DataConfig,
    data: LabelledData,
    views: tuple[tuple[str, ...], tuple[str, ...]],
    segments: str | None,
    size: int,
    split: RowSplit,
    progress: Callable[[str, int, int], None] | None,
) -> SizeResult:
    worlds = len(world_labels(data, segments, split)[1])
    fits = 2 + 2 * config.resamples * worlds
    done = [0]

    def tick(stage: str, total: int) -> Callable[[], None]:
        def step() -> None:
            done[0] += 1
            if progress is not None:
                progress(f"{stage} (train size {size})", done[0], total)

        return step

    step = tick("training", fits)
    firms = tuple(
        fit_firm(data, rows, columns, config.estimator, config.buckets, config.seed)
        for rows, columns in ((split.firm1, views[0]), (split.firm2, views[1]))
    )
    step()
    step()
    estimate = estimate_environment(
        data, split, (firms[0], firms[1]), segments, config.reward, config.cost,
        config.resamples, config.estimator, seed=config.seed, progress=step,
    )  # fmt: skip
    analysis = analyze(estimate.environment, exact=True)
    recommendation = recommend(analysis)
    done[0] = 0
    checks = validate(
        estimate, analysis, recommendation, data, split, (firms[0], firms[1]),
        config.bootstrap, config.seed, tick("bootstrap", len(recommendation.outcomes)),
    )  # fmt: skip
    return SizeResult(size, estimate, analysis, recommendation, checks, split,
                      (firms[0], firms[1]))  # fmt: skip
