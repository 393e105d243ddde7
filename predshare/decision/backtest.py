"""Backtesting the decision on held-out loans (MODEL.md section 11, uncertainty).

For each seed, the plan is made on the data as usual, and every contract's realized net
gain is computed from what it earned on the stream (loans the estimate never saw): the
realized gain per loan over no-sharing, each contract at its selected equilibrium, times
the horizon's loans, minus the contract's costs. A contract's predicted interval covers
the realization when the realized net gain lies inside it. Coverage is counted per firm
over every seed and every contract whose interval is not a single point (no-sharing's
is; it would cover trivially).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from contracts.terms import Terms
from predshare.decision.pipeline import PlanConfig, plan


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
            for f, firm in enumerate(("firm1", "firm2")):
                figure = contract["net_gain"][firm]
                if figure["low"] is None or figure["low"] == figure["high"]:
                    continue
                covered = figure["low"] <= realized[f] <= figure["high"]
                rows.append({"seed": seed, "contract": name, "firm": f + 1,
                             "low": figure["low"], "high": figure["high"],
                             "predicted": figure["value"], "realized": realized[f],
                             "covered": covered})  # fmt: skip
        if progress is not None:
            progress(k + 1, len(seeds))
    by_contract: dict[str, list[bool]] = {}
    for row in rows:
        by_contract.setdefault(row["contract"], []).append(row["covered"])
    return {
        "seeds": [seeds.start, seeds.stop - 1],
        "intervals": len(rows),
        "covered": sum(r["covered"] for r in rows),
        "coverage": sum(r["covered"] for r in rows) / len(rows) if rows else None,
        "by_contract": {n: {"intervals": len(v), "coverage": sum(v) / len(v)}
                        for n, v in by_contract.items()},  # fmt: skip
        "rows": rows,
    }
