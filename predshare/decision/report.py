"""The decision's report: stable JSON (schema ``predshare.plan/1``, fields in the README),
Markdown, and the short terminal text whose first line is the proposal."""

from __future__ import annotations

from typing import Any

from contracts import fraction_text
from predshare.report import format_table
from solvers.decision.pricing import PricedContract

SCHEMA = "predshare.plan/1"
FIRMS = ("firm1", "firm2")


def _value(x: Any) -> Any:
    if x is None or isinstance(x, bool | int | str):
        return x
    return float(x)


def _figure(point: tuple[Any, Any], bounds: list[Any] | None) -> dict[str, Any]:
    """Per firm: the point value and the resamples' interval (``low``/``high``)."""
    out = {}
    for f, firm in enumerate(FIRMS):
        b = bounds[f] if bounds else None
        out[firm] = {"value": _value(point[f]), "low": b[0] if b else None,
                     "high": b[1] if b else None}  # fmt: skip
    return out


def _exact(values: tuple[Any, Any]) -> list[str] | None:
    from fractions import Fraction

    if all(isinstance(v, Fraction) for v in values):
        return [fraction_text(v) for v in values]
    return None


def contract_dict(result: Any, name: str, p: PricedContract) -> dict[str, Any]:
    """One contract's figures (README, "The lender's decision")."""
    figures = result.robust.figures.get(name) if result.robust else None
    intervals = figures or {}
    p_accepts = result.robust.p_accepts.get(name) if result.robust else None
    return {
        "contract": p.contract,
        "fee": p.fee.to_dict() if p.fee else None,
        "gross_gain_per_loan": _figure(p.gross_per_loan, intervals.get("gross_gain_per_loan")),
        "gross_gain": _figure(p.gross, intervals.get("gross_gain")),
        "costs": {
            **_figure((p.costs[0].total, p.costs[1].total), intervals.get("costs")),
            "breakdown": {firm: p.costs[f].to_dict() for f, firm in enumerate(FIRMS)},
        },
        "net_gain": _figure(p.net, intervals.get("net_gain")),
        "net_gain_exact": _exact(p.net),
        "roi": _figure(p.roi, intervals.get("roi")),
        "payback_month": _figure(p.payback_month, intervals.get("payback_month")),
        "accepts": {
            firm: {
                "value": p.accepts[f],
                "engine_individually_rational": p.engine_accepts[f],
                "probability": p_accepts[f] if p_accepts else None,
            }
            for f, firm in enumerate(FIRMS)
        },  # fmt: skip
        "p_best": result.robust.p_best.get(name, 0.0) if result.robust else None,
    }


def plan_dict(result: Any) -> dict[str, Any]:
    """The whole decision as JSON (schema ``predshare.plan/1``)."""
    robust = result.robust
    return {
        "schema": SCHEMA,
        "source": result.source,
        "firm": result.config.firm,
        "priced": result.terms.priced,
        "terms": result.terms.to_dict(),
        "loans": float(result.terms.loans),
        "proposal": result.proposal,
        "recommendation": result.recommendation,
        "candidates": list(result.candidates),
        "level": result.config.level,
        "resamples": robust.resamples if robust else 0,
        "near_tie": list(robust.near_tie) if robust and robust.near_tie else None,
        "contracts": {n: contract_dict(result, n, p) for n, p in result.priced.items()},
        "differences": robust.to_dict()["differences"] if robust else [],
        "break_even": [b.to_dict() for b in result.break_even],
        "pilot": result.pilot.to_dict() if result.pilot else None,
        "plan": [s.to_dict() for s in result.stages],
        "curve": {
            str(size): {
                n: [float(g) for g in p.gross_per_loan]
                for n, p in priced.items()
                if "+fee" not in n
            }
            for size, priced in result.curve.items()
        },  # fmt: skip
        "notes": list(result.notes),
    }


def proposal_line(result: Any) -> str:
    """The first line: what to propose."""
    proposal = result.proposal
    fee = result.priced[proposal].fee if proposal in result.priced else None
    money = ""
    if fee is not None:
        money = (f", firm {fee.payer} paying firm {3 - fee.payer} {float(fee.monthly):,.0f} "
                 "a month")  # fmt: skip
    if result.recommendation == "undecided":
        between = " and ".join(result.candidates)
        if proposal == "no":
            return (
                f"Undecided between {between}: keep to no sharing for now (no other "
                "candidate is accepted by both lenders at the point estimate)."
            )
        return f"Undecided between {between}: start with a pilot of {proposal}{money}."
    if proposal == "no":
        return "Propose no sharing: no contract both lenders accept leaves them better off."
    return f"Propose {proposal}{money}."


def _money(x: Any) -> str:
    return "-" if x is None else f"{float(x):+,.0f}"


def _bounds(figure: dict[str, Any]) -> str:
    if figure["low"] is None:
        return _money(figure["value"])
    return f"{_money(figure['value'])} [{_money(figure['low'])}, {_money(figure['high'])}]"


def contracts_table(data: dict[str, Any]) -> str:
    """Net gain per contract and firm with intervals, acceptance and probability of best,
    from the decision's JSON form (:func:`plan_dict`)."""
    rows = []
    for name, c in data["contracts"].items():
        accepts = "/".join(
            ("yes" if c["accepts"][f]["value"] else "no")
            + (f" {c['accepts'][f]['probability']:.0%}" if c["accepts"][f]["probability"]
               is not None else "")
            for f in FIRMS
        )  # fmt: skip
        rows.append([
            name,
            _bounds(c["net_gain"]["firm1"]),
            _bounds(c["net_gain"]["firm2"]),
            _money(c["costs"]["firm1"]["value"]) + " / " + _money(c["costs"]["firm2"]["value"]),
            accepts,
            "-" if c["p_best"] is None else f"{c['p_best']:.0%}",
        ])  # fmt: skip
    headers = ["contract", "net gain firm 1 [95%]", "net gain firm 2 [95%]", "costs 1 / 2",
               "accepts 1/2 (P)", "P(best)"]  # fmt: skip
    return format_table(headers, rows)


def plan_text(result: Any) -> str:
    """The short terminal text: the proposal first, then the evidence in a few lines."""
    lines = [proposal_line(result)]
    robust = result.robust
    if robust is not None:
        chosen = result.proposal
        lines.append(f"P(best) of {chosen}: {robust.p_best.get(chosen, 0):.0%} over "
                     f"{robust.resamples} resamples (a recommendation needs "
                     f"{result.config.level:.0%}).")  # fmt: skip
        if robust.near_tie:
            lines.append(f"Near tie: {robust.near_tie[0]} and {robust.near_tie[1]} cannot be "
                         "told apart by their Nash products.")  # fmt: skip
    lines += ["", contracts_table(plan_dict(result)), ""]
    for stage in result.stages:
        extra = ""
        if stage.pilot_loans is not None:
            extra = f"; pilot of {stage.pilot_loans:,} loans ({stage.months:g} months)"
        lines.append(f"Stage {stage.number}: {stage.contract}, {stage.trigger}{extra}.")
    for b in result.break_even[:6]:
        for sentence in b.sentences():
            lines.append(f"Break-even: {sentence}.")
    lines += [f"Note: {n}." for n in result.notes]
    return "\n".join(lines) + "\n"


def plan_markdown(result: Any) -> str:
    """The Markdown report: the proposal, the contracts, the differences, the break-even
    values, the pilot and the staged plan."""
    data = plan_dict(result)
    robust = result.robust
    lines = ["# The lender's decision", "", f"**{proposal_line(result)}**", ""]
    source = data["source"]
    if source["kind"] == "data":
        lines.append(f"Data: {source['dataset']}, {source['rows']:,} loans, today's labelled "
                     f"history {source['today']:,} loans per firm, "
                     f"seed {source['seed']}.")  # fmt: skip
    else:
        lines.append(f"Model: {source['environment']} (priced from the model alone).")
    terms = result.terms
    lines += [f"Volume {terms.volume:,} loans a month over {terms.horizon} months "
              f"({float(terms.loans):,.0f} loans{', discounted' if terms.discount else ''}); "
              f"we are firm {result.config.firm}.", ""]  # fmt: skip
    if not terms.priced:
        lines += ["*No costs were given: every figure is a gross gain.*", ""]
    lines += ["## Contracts", "", "```", contracts_table(data), "```", ""]
    lines += ["Net gain = gross gain per loan x loans - setup - running - per-prediction - IP "
              "risk, per firm, over the horizon; intervals are the central 95% of "
              f"{data['resamples']} resamples of the estimated laws.", ""]  # fmt: skip
    if robust is not None:
        lines += ["## Can the contracts be told apart?", ""]
        for item in data["differences"]:
            a, b = item["contracts"]
            for f, firm in enumerate(FIRMS):
                bounds = item["net_gain_difference"][f]
                if bounds is None:
                    continue
                verdict = ("distinguishable from zero" if item["distinguishable"][f]
                           else "not distinguishable from zero")  # fmt: skip
                lines.append(f"- {a} - {b}, {firm}: [{bounds[0]:+,.0f}, {bounds[1]:+,.0f}], "
                             f"{verdict}.")  # fmt: skip
        lines.append("")
    fees = [(n, p.fee) for n, p in result.priced.items() if p.fee is not None]
    if fees:
        lines += ["## Sharing with a fee", ""]
        for name, fee in fees:
            per = (f", {float(fee.per_prediction):.4f} per shared prediction"
                   if fee.per_prediction is not None else "")  # fmt: skip
            lines.append(f"- {name}: firm {fee.payer} pays firm {3 - fee.payer} "
                         f"{float(fee.monthly):,.0f} a month{per} (Nash bargaining with "
                         f"transfers); both accept any fee from {float(fee.low):,.0f} to "
                         f"{float(fee.high):,.0f} a month.")  # fmt: skip
        lines.append("")
    if result.break_even:
        lines += ["## Break-even values", ""]
        for b in result.break_even:
            for sentence in b.sentences():
                lines.append(f"- {sentence} (now {b.value:,.2f}).")
        lines.append("")
    if result.pilot is not None:
        p = result.pilot
        lines += ["## Pilot", "",
                  f"- Per-loan gain of {p.contract} for firm {result.config.firm} on held-out "
                  f"loans: {p.mean:+.4f} (sd {p.sd:.3f})"
                  + (f", 95% BCa interval [{p.interval[0]:+.4f}, {p.interval[1]:+.4f}]."
                     if p.interval else "."),
                  f"- Fixed sample (one-sided t-test, 95% confidence, 80% power): "
                  f"{p.fixed_loans if p.fixed_loans is not None else 'not attainable'} loans.",
                  f"- Watched continuously: stop as soon as the mixture SPRT statistic "
                  f"reaches 1/alpha = {1 / p.alpha:.0f}; at the estimated gain that takes "
                  f"about {p.sequential_loans if p.sequential_loans is not None else '-'} "
                  "loans. Reading the fixed-sample test every week instead is wrong far more "
                  "often than 5%.", ""]  # fmt: skip
    lines += ["## Staged plan", ""]
    for stage in result.stages:
        extra = ""
        if stage.pilot_loans is not None:
            extra = (f" Pilot: {stage.pilot_loans:,} loans, {stage.months:g} months, costing "
                     f"us {stage.cost:,.0f}.")  # fmt: skip
        lines.append(f"{stage.number}. **{stage.contract}**: {stage.trigger}.{extra}")
    lines.append("")
    if result.notes:
        lines += ["## Notes", ""] + [f"- {n}." for n in result.notes] + [""]
    return "\n".join(lines)
