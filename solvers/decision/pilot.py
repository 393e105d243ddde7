"""Sizing a pilot, and a stopping rule that stays valid while the pilot is watched
(MODEL.md section 11, the staged plan).

**Fixed-sample size.** The pilot must show that the per-loan gain of the piloted
contract over no-sharing is positive: a one-sided one-sample t-test at level ``alpha``
with power ``power`` when the true gain is the out-of-sample mean, effect size
``mean / sd`` (statsmodels' ``TTestPower``).

**Continuous monitoring.** Reading that test every week and stopping at the first
"significant" reading is wrong far more often than ``alpha``. The mixture sequential
probability ratio test (mSPRT; Robbins 1970, as used in A/B testing by Johari, Pekelis and
Walsh 2017) stays valid however often it is read: with per-loan gains of standard
deviation ``sigma`` and a normal mixture of scale ``tau`` over the gain, after ``n`` loans
with mean gain ``m``

    Lambda_n = sqrt(sigma^2 / (sigma^2 + n tau^2))
               * exp(n^2 tau^2 m^2 / (2 sigma^2 (sigma^2 + n tau^2)))

and the pilot stops, the gain shown, as soon as ``Lambda_n >= 1 / alpha`` with ``m > 0``.
Under no gain, the chance that this ever happens is at most ``alpha`` (Ville's
inequality). ``tau`` is the gain the pilot is designed to detect (the out-of-sample
mean). The expected stopping point reported is where the statistic crosses when the
running mean equals that gain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: Most loans a pilot may need before it is called infeasible.
MAX_PILOT_LOANS = 10**9


@dataclass(frozen=True)
class Pilot:
    """A pilot's size: fixed-sample loans and the mSPRT's expected stopping point."""

    contract: str
    mean: float
    sd: float
    interval: tuple[float, float] | None
    fixed_loans: int | None
    sequential_loans: int | None
    alpha: float
    power: float
    tau: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "gain_per_loan": {"mean": self.mean, "sd": self.sd,
                              "interval": list(self.interval) if self.interval else None,
                              "interval_method": "BCa bootstrap (scipy.stats.bootstrap, 999 resamples)"},  # noqa: E501
            "fixed_sample_loans": self.fixed_loans,
            "fixed_sample_method": "one-sided one-sample t-test power (statsmodels TTestPower), "
            f"alpha {self.alpha}, power {self.power}, effect size mean / sd",
            "sequential_rule": {
                "method": "mixture SPRT (normal mixture), valid under continuous monitoring",
                "alpha": self.alpha,
                "tau": self.tau,
                "stop_when": "log Lambda_n >= log(1/alpha) and mean gain > 0",
                "expected_loans_at_this_gain": self.sequential_loans,
            },
        }  # fmt: skip


def fixed_sample_loans(
    mean: float, sd: float, alpha: float = 0.05, power: float = 0.8
) -> int | None:
    """Loans needed by the one-sided t-test (module docstring); None when the gain is not
    positive or the size passes ``MAX_PILOT_LOANS``.

    >>> fixed_sample_loans(0.1, 1.0)
    620
    """
    if not mean > 0 or not sd >= 0:
        return None
    if sd == 0:
        return 2
    from statsmodels.stats.power import TTestPower

    n = TTestPower().solve_power(effect_size=mean / sd, alpha=alpha, power=power,
                                 alternative="larger")  # fmt: skip
    loans = math.ceil(float(n))
    return loans if loans <= MAX_PILOT_LOANS else None


def msprt_log_statistic(n: int, mean: float, sigma: float, tau: float) -> float:
    """``log Lambda_n`` of the mixture SPRT after ``n`` loans of running mean ``mean``."""
    v, t = sigma * sigma, tau * tau
    return 0.5 * math.log(v / (v + n * t)) + (n * n * t * mean * mean) / (2 * v * (v + n * t))


def msprt_stops(n: int, mean: float, sigma: float, tau: float, alpha: float = 0.05) -> bool:
    """Whether the mixture SPRT stops after ``n`` loans, the gain shown."""
    return mean > 0 and msprt_log_statistic(n, mean, sigma, tau) >= math.log(1 / alpha)


def sequential_loans(
    mean: float, sd: float, alpha: float = 0.05, tau: float | None = None
) -> int | None:
    """The first ``n`` at which the mixture SPRT stops when the running mean equals
    ``mean`` (None when it is not positive, or past ``MAX_PILOT_LOANS``).

    >>> sequential_loans(0.1, 1.0) > fixed_sample_loans(0.1, 1.0)
    True
    """
    if not mean > 0 or not sd >= 0:
        return None
    if sd == 0:
        return 1
    scale = mean if tau is None else tau
    high = 1
    while not msprt_stops(high, mean, sd, scale, alpha):
        high *= 2
        if high > MAX_PILOT_LOANS:
            return None
    low = high // 2
    # the statistic at a fixed mean rises past its first crossing: bisect to the first n
    while high - low > 1:
        middle = (low + high) // 2
        if msprt_stops(middle, mean, sd, scale, alpha):
            high = middle
        else:
            low = middle
    return high


def pilot(
    contract: str,
    gains: Any,
    alpha: float = 0.05,
    power: float = 0.8,
    seed: int = 0,
) -> Pilot:
    """The pilot of ``contract`` from its per-loan gains over no-sharing on held-out
    loans (module docstring); the mean's interval is a BCa bootstrap."""
    import numpy as np
    from scipy.stats import bootstrap

    values = np.asarray(gains, dtype=float)
    mean = float(values.mean()) if values.size else 0.0
    sd = float(values.std(ddof=1)) if values.size > 1 else 0.0
    bounds = None
    if values.size > 2 and sd > 0:
        result = bootstrap((values,), np.mean, confidence_level=1 - alpha, n_resamples=999,
                           method="BCa",
                           random_state=np.random.default_rng([seed, 17]))  # fmt: skip
        low, high = result.confidence_interval
        bounds = (float(low), float(high))
    return Pilot(
        contract=contract,
        mean=mean,
        sd=sd,
        interval=bounds,
        fixed_loans=fixed_sample_loans(mean, sd, alpha, power),
        sequential_loans=sequential_loans(mean, sd, alpha),
        alpha=alpha,
        power=power,
        tau=abs(mean),
    )
