"""The report of ``predshare data``: Markdown for people, JSON for programs
(schema ``predshare.data/1``, fields in the README).

The JSON (schema ``predshare.data/1``, README "From data to a contract") holds every
number the Markdown shows; both are built from a :class:`DataReport`.
"""

from __future__ import annotations

from typing import Any

from predshare.data.pipeline import SCHEMA, DataReport, SizeResult
from predshare.report import format_table


def _money(value: float) -> str:
    return f"{value:+,.0f}"


def _per_loan(value: float) -> str:
    return f"{value:+.3f}"


def _fenced(table: str) -> str:
    """A plain-text table inside a Markdown code fence, so that it keeps its columns."""
    return f"```\n{table}\n```"


def _agreement(table: Any) -> float:
    """``P(s1 = s2)`` of one world's inference table ``[y][s1][s2]``."""
    sizes = min(len(table[0]), len(table[0][0]))
    return float(sum(table[y][s][s] for y in (0, 1) for s in range(sizes)))


def _list(names: Any) -> str:
    return ", ".join(names) if names else "none"


def recommendation_lines(report: DataReport, result: SizeResult) -> list[str]:
    """The answer a lender can act on, in words."""
    rec = result.recommendation
    chosen = rec.chosen
    volume = report.config.volume
    gain = [float(g) for g in chosen.gain]
    lines = [f"## Recommendation ({result.train_size:,} labelled loans per firm)", ""]
    if rec.contract == "no":
        same = all(o.gain == (0, 0) for o in rec.outcomes.values())
        lines.append(
            "**Propose no sharing.** Every contract pays both lenders the same as competing "
            "alone: there is nothing to share for."
            if same
            else "**Propose no sharing.** No contract the other lender would sign leaves both "
            "of you better off than competing alone."
        )
    else:
        lines.append(f"**Propose `{rec.contract}`.**")
    lines += [
        "",
        f"- Firm 1 gains {_per_loan(gain[0])} per loan over no-sharing, "
        f"{_money(gain[0] * volume)} per {volume:,} loans.",
        f"- Firm 2 gains {_per_loan(gain[1])} per loan, {_money(gain[1] * volume)} per "
        f"{volume:,} loans.",
    ]
    if rec.contract != "no":
        both = "both firms gain" if min(gain) > 0 else "one firm gains, the other keeps its payoff"
        lines.append(f"- The partner gains too: {both}.")
    refused = [
        f"{name} (by firm {', '.join(map(str, o.refused_by))})"
        for name, o in rec.outcomes.items()
        if o.refused_by
    ]
    lines.append(f"- Contracts a firm would refuse: {_list(refused)}.")
    irpo = [n for n, o in rec.outcomes.items() if o.irpo]
    lines.append(f"- Individually rational and Pareto optimal (IRPO): {_list(irpo)}.")
    for title, solution in (("Nash", rec.nash), ("Kalai-Smorodinsky", rec.kalai_smorodinsky)):
        lottery = ", ".join(f"{k} {float(p):.0%}" for k, p in solution.lottery.items())
        payoff = ", ".join(f"{float(u):.3f}" for u in solution.payoff)
        lines.append(f"- {title} bargaining: {lottery} (payoffs per loan {payoff}).")
    drawn = [{str(k).split("#")[0] for k in s.lottery} for s in (rec.nash, rec.kalai_smorodinsky)]
    if any(len(s.lottery) > 1 or names != {rec.contract}
           for s, names in zip((rec.nash, rec.kalai_smorodinsky), drawn)):  # fmt: skip
        lines.append(
            "- Why the bargaining solutions differ from the proposal: they may draw the "
            "contract, or its equilibrium, by lottery (a public coin before training) to "
            "balance the gains, which a lender rarely signs; the proposal is the one "
            "contract with the largest product of the gains."
        )
    return lines


def contracts_table(report: DataReport, result: SizeResult) -> str:
    """Every contract: equilibria, payoffs, gains, refusals, verdicts, and validation."""
    rows = []
    for name, o in result.recommendation.outcomes.items():
        check = result.validation[name]
        realized = [
            f"{check.realized[f]:.3f} [{check.interval[f][0]:.3f}, {check.interval[f][1]:.3f}]"
            for f in (0, 1)
        ]
        marks = ("flagged" if check.flagged else "") + (" disagrees" if check.disagrees else "")
        rows.append([
            name, str(o.equilibria), f"{float(o.payoff[0]):.3f}", f"{float(o.payoff[1]):.3f}",
            _per_loan(float(o.gain[0])), _per_loan(float(o.gain[1])),
            ",".join(map(str, o.refused_by)) or "-", "yes" if o.irpo else "no",
            f"{check.predicted[0]:.3f}", realized[0], f"{check.predicted[1]:.3f}", realized[1],
            marks.strip() or "-",
        ])  # fmt: skip
    return format_table(
        ["contract", "eq", "U1", "U2", "gain 1", "gain 2", "refused by", "IRPO",
         "pred. 1", "realized 1 [95%]", "pred. 2", "realized 2 [95%]", "check"],
        rows,
    )  # fmt: skip


def environment_lines(result: SizeResult) -> list[str]:
    """The estimated environment: worlds, accuracies, training law, sparse cells."""
    est = result.estimate
    env = est.environment
    rows = []
    for w, name in enumerate(est.worlds):
        law = env.training[w]
        aucs = est.aucs.get(name, (None, None))
        rows.append([
            name, f"{float(env.prior[w]):.3f}",
            f"{est.accuracies[name][0]:.3f}", f"{est.accuracies[name][1]:.3f}",
            *("-" if a is None else f"{a:.3f}" for a in aucs),
            f"{_agreement(env.inference[w]):.3f}",
            " ".join(f"{float(law[a][b]):.2f}" for a in (0, 1) for b in (0, 1)),
            ",".join("low high".split()[t] for t in est.realized[name]),
            str(est.sparse_cells[name]),
        ])  # fmt: skip
    lines = [
        _fenced(
            format_table(
                [
                    "world",
                    "prior",
                    "hit rate 1",
                    "hit rate 2",
                    "AUC 1",
                    "AUC 2",
                    "P(s1=s2)",
                    "P(t1,t2): ll lh hl hh",
                    "learned (t1,t2)",
                    "sparse cells",
                ],
                rows,
            )
        ),  # fmt: skip
        "",
        "hit rate: the share of calibration loans whose label a firm's signal gets right, "
        "the signal being its score cut at its median training score (above: repaid). The "
        "cut calls half the loans defaults, so where most loans are repaid the hit rate can "
        "be far below 0.5 with a good model; AUC: how well the score ranks repaid loans "
        "above defaults, whatever the cut (0.5 is chance, 1 is perfect). P(s1=s2): how "
        "often the two firms' signals agree (the correlation of their predictions), from "
        "the estimated table.",
        f"Training observation: a firm's in-sample accuracy on a resample of its rows of "
        f"the world, low/high at the median (cuts {est.cuts[0]:.3f}, {est.cuts[1]:.3f}). "
        f"Tables smoothed with {est.smoothing} pseudo-row per cell; a sparse cell of "
        f"P_w(y, s1, s2) was seen fewer than 5 times among the calibration loans.",
    ]
    if est.merged:
        lines.append(f"Segments merged into 'other' (too few rows): {_list(est.merged)}.")
    return lines


def curve_table(report: DataReport) -> str:
    """How the answer moves with the train size."""
    rows = []
    for result in report.results:
        est = result.estimate
        weights = [float(p) for p in est.environment.prior]
        accuracy = [
            sum(w * est.accuracies[n][f] for w, n in zip(weights, est.worlds)) for f in (0, 1)
        ]
        rec = result.recommendation
        check = result.validation[rec.contract]
        rows.append([
            f"{result.train_size:,}", f"{accuracy[0]:.3f}", f"{accuracy[1]:.3f}",
            _list([n for n, o in rec.outcomes.items() if o.irpo]), rec.contract,
            _per_loan(float(rec.chosen.gain[0])), _per_loan(float(rec.chosen.gain[1])),
            f"{check.predicted[0]:.3f} / {check.realized[0]:.3f}",
            f"{check.predicted[1]:.3f} / {check.realized[1]:.3f}",
        ])  # fmt: skip
    return format_table(
        ["train size", "hit rate 1", "hit rate 2", "IRPO", "recommended", "gain 1", "gain 2",
         "U1 pred./real.", "U2 pred./real."],
        rows,
    )  # fmt: skip


def report_text(report: DataReport) -> str:
    """The Markdown report."""
    config = report.config
    views = report.views
    result = report.results[-1]
    est = result.estimate
    shares = ", ".join(f"{n} {float(p):.1%}" for n, p in zip(est.worlds, est.environment.prior))
    worlds = f"segments of `{report.segments}` ({shares})" if report.segments else "one world"
    lines = [
        f"# predshare data: {report.data_name}",
        "",
        f"{report.rows:,} loans, {report.repaid:,} repaid ({report.repaid / report.rows:.1%}). "
        f"Firm 1 sees {len(views[0])} columns ({', '.join(views[0])}); firm 2 sees "
        f"{len(views[1])} ({', '.join(views[1])}). Classifier: {config.estimator}; signals: "
        f"{config.buckets} score buckets.",
        f"Worlds: {worlds}. Held out: {report.held_out[0]:,} calibration loans (the "
        f"inference law) and {report.held_out[1]:,} stream loans (validation).",
        f"Money: a repaid loan granted earns {float(config.reward):g}, a granted default "
        f"loses {float(config.cost):g}; payoffs are per loan, gains also per "
        f"{config.volume:,} loans. Seed {config.seed}.",
        "",
        *recommendation_lines(report, result),
        "",
        "## Contracts, and how they play out of sample",
        "",
        "- U1, U2: the payoff per loan the estimated model predicts before training, "
        "averaged over what the firms might learn in each world.",
        "- pred. 1, pred. 2: the payoff per loan predicted for what the firms' models did "
        "learn (their actual training observations), the number to compare with realized.",
        f"- realized: the same play on the held-out stream, with a {config.bootstrap}-"
        "resample bootstrap interval. flagged: the prediction lies outside it; disagrees: "
        "the interval of realized minus predicted, bootstrapping the calibration loans too, "
        "excludes 0.",
        "",
        _fenced(contracts_table(report, result)),
        "",
        "## Estimated environment",
        "",
        *environment_lines(result),
    ]
    if len(report.results) > 1:
        curve = _fenced(curve_table(report))
        lines += ["", "## How the answer moves with the train size", "", curve]
    return "\n".join(lines) + "\n"


def report_dict(report: DataReport) -> dict[str, Any]:
    """The JSON form (module docstring)."""
    sizes = []
    for result in report.results:
        est = result.estimate
        env = est.environment
        volume = report.config.volume
        rec = result.recommendation.to_dict()
        rec["gain_per_volume"] = [float(g) * volume for g in result.recommendation.chosen.gain]
        sizes.append({
            "train_size": result.train_size,
            "worlds": list(est.worlds),
            "merged": list(est.merged),
            "prior": [float(p) for p in env.prior],
            "accuracies": {k: list(v) for k, v in est.accuracies.items()},
            "auc": {k: list(v) for k, v in est.aucs.items()},
            "learned_training": {
                k: [env.training_labels[f][t] for f, t in enumerate(v)]
                for k, v in est.realized.items()
            },
            "training_law": [[[float(p) for p in row] for row in law] for law in env.training],
            "inference_law": [
                [[[float(p) for p in row] for row in table] for table in law]
                for law in env.inference
            ],
            "sparse_cells": est.sparse_cells,
            "irpo": list(result.analysis.verdicts.irpo),
            "recommendation": rec,
            "validation": {name: check.to_dict() for name, check in result.validation.items()},
        })  # fmt: skip
    return {
        "schema": SCHEMA,
        "config": report.config.to_dict(),
        "data": {
            "name": report.data_name,
            "rows": report.rows,
            "repaid": report.repaid,
            "firm1_features": list(report.views[0]),
            "firm2_features": list(report.views[1]),
            "segments": report.segments,
            "calibration_rows": report.held_out[0],
            "stream_rows": report.held_out[1],
        },
        "sizes": sizes,
    }
