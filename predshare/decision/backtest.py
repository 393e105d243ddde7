"""Backtesting the decision on held-out loans (MODEL.md section 11, uncertainty).

For each seed, the plan is made on the data as usual, and every contract's realized net
gain is computed from what it earned on the stream (loans the estimate never saw): the
realized gain per loan over no-sharing, each contract at its selected equilibrium, times
the horizon's loans, minus the contract's costs. A contract's predicted interval covers
the realization when the realized net gain lies inside it. Coverage is counted per firm
over every seed and every contract whose interval is not a single point (no-sharing's
is; it would cover trivially).

The plan's interval is for the expected net gain; the stream is a sample of its own (a
few thousand loans, where the horizon has hundreds of thousands), so its realization
scatters around the expectation by more than the interval's width. The backtest
therefore also reports the coverage of a prediction interval for the stream: the plan's
interval widened, in quadrature, by 1.96 standard errors of the stream's mean gain per
loan (from the per-loan gains on the stream), times the loans.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from contracts.terms import Terms
from predshare.decision.pipeline import PlanConfig, plan


def stream_error(result: Any, name: str) -> tuple[float, float]:
    """Per firm, the standard error of the realized net gain that comes from the stream's
    sample alone: the per-loan gains' standard deviation over the root of their number,
    times the loans."""
    import numpy as np

    from predshare.data.validation import per_loan_gains

    today = result.data.results[0]
    gains = per_loan_gains(today.estimate, today.analysis, today.recommendation,
                           result.data.dataset, today.split.stream, today.firms,
                           name.removesuffix("+fee"))  # fmt: skip
    loans = float(result.terms.loans)
    n = max(len(gains), 2)
    return tuple(float(np.std(gains[:, f], ddof=1)) / n**0.5 * loans  # type: ignore[return-value]
                 for f in (0, 1))  # fmt: skip


def realized_net(result: Any, name: str) -> tuple[float, float]:
    """Per firm, the contract's realized net gain: its realized gain per loan on the
    stream over no-sharing's, times the horizon's loans, minus its costs."""
    today = result.data.results[0]
    base = name.removesuffix("+fee")
    checks = today.validation
    priced = result.priced[name]
    loans = float(result.terms.loans)
    out = []
    for f in (0, 1):
        gain = checks[base].realized[f] - checks["no"].realized[f]
        net = gain * loans - float(priced.costs[f].total)
        if priced.fee is not None:
            paid = float(priced.fee.monthly) * float(result.terms.months())
            net += paid if priced.fee.payer != f + 1 else -paid
        out.append(net)
    return out[0], out[1]


def backtest(
    data_config: Any,
    terms: Terms,
    seeds: range,
    config: PlanConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Coverage of the predicted net-gain intervals over ``seeds`` (module docstring)."""
    config = config or PlanConfig()
    rows = []
    for k, seed in enumerate(seeds):
        result = plan(dataclasses.replace(data_config, seed=seed), terms, config)
        data = result.to_dict()
        for name, contract in data["contracts"].items():
            realized = realized_net(result, name)
            error = stream_error(result, name)
            for f, firm in enumerate(("firm1", "firm2")):
                figure = contract["net_gain"][firm]
                if figure["low"] is None or figure["low"] == figure["high"]:
                    continue
                covered = figure["low"] <= realized[f] <= figure["high"]
                middle = (figure["low"] + figure["high"]) / 2
                half = ((figure["high"] - figure["low"]) ** 2 / 4 + (1.96 * error[f]) ** 2) ** 0.5
                # never narrower than the plan's own interval (rounding aside)
                wide = (min(middle - half, figure["low"]), max(middle + half, figure["high"]))
                rows.append({"seed": seed, "contract": name, "firm": f + 1,
                             "low": figure["low"], "high": figure["high"],
                             "predicted": figure["value"], "realized": realized[f],
                             "covered": covered,
                             "prediction_interval": [wide[0], wide[1]],
                             "prediction_covered": wide[0] <= realized[f] <= wide[1]})  # fmt: skip
        if progress is not None:
            progress(k + 1, len(seeds))
    by_contract: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_contract.setdefault(row["contract"], []).append(row)

    def share(items: list[dict[str, Any]], key: str) -> float | None:
        return sum(r[key] for r in items) / len(items) if items else None

    return {
        "seeds": [seeds.start, seeds.stop - 1],
        "intervals": len(rows),
        "covered": sum(r["covered"] for r in rows),
        "coverage": share(rows, "covered"),
        "prediction_coverage": share(rows, "prediction_covered"),
        "by_contract": {
            n: {
                "intervals": len(v),
                "coverage": share(v, "covered"),
                "prediction_coverage": share(v, "prediction_covered"),
            }
            for n, v in by_contract.items()
        },  # fmt: skip
        "rows": rows,
    }
