"""Out-of-sample validation of an estimated environment (MODEL.md section 11).

Each contract is played at its selected equilibrium (:mod:`solvers.decision.recommend`) on the
stream, loans the estimation never saw: in each world (segment) the firms sit at the
training observations their actual models gave them there (``Estimate.realized``), and
each loan's signals are the firms' buckets of their scores. The model's *predicted*
payoff per loan is the same play taken in expectation under the estimated tables,
``sum_w pi(w) sum_{y,s1,s2} P_w(y, s1, s2) u(...)``; the *realized* payoff weighs each
world's mean over its stream loans by ``pi(w)``. A percentile bootstrap, resampling
loans within each world, gives the realized payoff's confidence interval; a contract
whose prediction falls outside it for either firm is *flagged*.

The prediction has sampling error of its own: the calibration loans it was estimated
from are a sample too, and with a loss per default twelve times the gain per repaid
loan a few defaults more or less move it as much as the stream's do. So the report
also bootstraps the calibration loans (the prediction moves with the mean of the
same play over them) and gives the interval of ``realized - predicted``; a contract
whose difference interval excludes 0 for some firm *disagrees* with the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

import numpy as np

from contracts import Contract
from estimate.construction import Estimate
from estimate.datasets import LabelledData
from estimate.firms import FittedFirm, RowSplit
from solvers.analysis.environment import ContractAnalysis
from solvers.decision.realized import realized_utilities
from solvers.decision.recommend import Recommendation

LEVEL = 0.95


@dataclass(frozen=True)
class Check:
    """Predicted and realized payoffs per loan of one contract, per firm."""

    contract: str
    predicted: tuple[float, float]
    realized: tuple[float, float]
    interval: tuple[tuple[float, float], tuple[float, float]]
    difference: tuple[tuple[float, float], tuple[float, float]]

    @property
    def flagged(self) -> bool:
        """The prediction lies outside the interval for some firm."""
        return any(not low <= p <= high for p, (low, high) in zip(self.predicted, self.interval))

    @property
    def disagrees(self) -> bool:
        """The interval of ``realized - predicted`` excludes 0 for some firm."""
        return any(not low <= 0 <= high for low, high in self.difference)

    def to_dict(self) -> dict[str, object]:
        return {
            "predicted": list(self.predicted),
            "realized": list(self.realized),
            "interval": [list(i) for i in self.interval],
            "flagged": self.flagged,
            "difference_interval": [list(i) for i in self.difference],
            "disagrees": self.disagrees,
        }


def validate(
    estimate: Estimate,
    analysis: ContractAnalysis,
    recommendation: Recommendation,
    data: LabelledData,
    split: RowSplit,
    firms: tuple[FittedFirm, FittedFirm],
    bootstrap: int = 1000,
    seed: int = 0,
    progress: Callable[[], None] | None = None,
) -> dict[str, Check]:
    """Every analysed contract played on the stream of ``split`` (module docstring)."""
    env = estimate.environment
    prior = np.array([float(p) for p in env.prior])
    parts = [_loans(estimate, data, rows, firms) for rows in (split.stream, split.calibration)]
    draws = [
        _bootstrap_indices([len(y) for _, _, y in part], bootstrap, [seed, 3, k])
        for k, part in enumerate(parts)
    ]
    sizes = [len(labels) for labels in env.signal_labels]
    cells = list(product((0, 1), range(sizes[0]), range(sizes[1])))
    checks = {}
    for name, outcome in recommendation.outcomes.items():
        contract = Contract.named(name)
        strategy = analysis.solutions[name].equilibria()[outcome.equilibrium].strategy
        predicted = np.zeros(2)
        means = np.zeros((2, 2))  # [stream, calibration] x firm
        resampled = np.zeros((2, bootstrap, 2))
        for w, world in enumerate(estimate.worlds):
            t1, t2 = estimate.realized[world]
            labels, a, b = (np.array(v) for v in zip(*cells))
            expected = realized_utilities(
                env,
                contract,
                strategy,
                (np.full(len(cells), t1), np.full(len(cells), t2), a, b, labels),  # fmt: skip
            )
            mass = np.array([float(env.inference[w][c[0]][c[1]][c[2]]) for c in cells])
            predicted += prior[w] * (mass @ expected)
            for k, (s1, s2, y) in enumerate(part[w] for part in parts):
                n = len(y)
                rows = (np.full(n, t1), np.full(n, t2), s1, s2, y)
                utilities = realized_utilities(env, contract, strategy, rows)
                means[k] += prior[w] * utilities.mean(axis=0)
                resampled[k] += prior[w] * utilities[draws[k][w]].mean(axis=1)
        # the prediction moves with the calibration loans' mean of the same play
        differences = resampled[0] - (predicted + resampled[1] - means[1])
        checks[name] = Check(
            name,
            (float(predicted[0]), float(predicted[1])),
            (float(means[0][0]), float(means[0][1])),
            _intervals(resampled[0]),
            _intervals(differences),
        )
        if progress is not None:
            progress()
    return checks


def per_loan_gains(
    estimate: Estimate,
    analysis: ContractAnalysis,
    recommendation: Recommendation,
    data: LabelledData,
    rows: np.ndarray,
    firms: tuple[FittedFirm, FittedFirm],
    contract: str,
) -> np.ndarray:
    """Per loan of ``rows`` (its world's realized training observations, its signals and
    label), each firm's payoff under ``contract`` minus under no-sharing, each at its
    selected equilibrium: an array of shape (loans, 2)."""
    env = estimate.environment
    out = []
    for w, (s1, s2, y) in enumerate(_loans(estimate, data, rows, firms)):
        t1, t2 = estimate.realized[estimate.worlds[w]]
        n = len(y)
        played = (np.full(n, t1), np.full(n, t2), s1, s2, y)
        utilities = []
        for name in (contract, "no"):
            outcome = recommendation.outcomes[name]
            strategy = analysis.solutions[name].equilibria()[outcome.equilibrium].strategy
            utilities.append(realized_utilities(env, Contract.named(name), strategy, played))
        out.append(utilities[0] - utilities[1])
    return np.concatenate(out) if out else np.zeros((0, 2))


def _loans(
    estimate: Estimate, data: LabelledData, rows: np.ndarray, firms: tuple[FittedFirm, FittedFirm]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per world, the signals and labels ``(s1, s2, y)`` of its loans among ``rows``."""
    s1, s2 = (firms[f].signals(data, rows) for f in (0, 1))
    y = data.label[rows].astype(np.int64)
    here = [estimate.row_worlds[rows] == name for name in estimate.worlds]
    return [(s1[h], s2[h], y[h]) for h in here]


def _bootstrap_indices(sizes: list[int], bootstrap: int, seed: list[int]) -> list[np.ndarray]:
    """Per world, ``bootstrap`` resamples of its rows (indices, with replacement); one
    draw shared by every contract, so that their intervals are comparable."""
    generator = np.random.default_rng(seed)
    return [generator.integers(0, n, size=(bootstrap, n)) for n in sizes]


def _intervals(samples: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """Per firm, the central ``LEVEL`` percentile interval of bootstrap samples."""
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail], axis=0)
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))
