"""The decision as self-contained HTML pages (Jinja2 templates in ``templates/``): the
full report with its pictures inline, and the partner page, which shows the partner what
it gains and why it should accept, without our costs or any figure of our own firm."""

from __future__ import annotations

import base64
from typing import Any

from predshare.decision.report import plan_dict, proposal_line


def _environment() -> Any:
    try:
        from jinja2 import Environment, PackageLoader, select_autoescape
    except ImportError:  # pragma: no cover - jinja2 comes with the data extra
        raise ValueError("--html: needs Jinja2; pip install 'predshare[data]'") from None
    return Environment(loader=PackageLoader("predshare.decision", "templates"),
                       autoescape=select_autoescape(["html", "j2"]))  # fmt: skip


def money(value: Any) -> str:
    """A money figure as the pages print it (whole units, sign, thousands)."""
    return "-" if value is None else f"{float(value):+,.0f}"


def _b64(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def plan_html(result: Any) -> str:
    """The full report: proposal, contracts with intervals, the four pictures, the
    differences, break-even values, pilot and staged plan."""
    from predshare.plots.plan import curve_png, net_gain_png, p_best_png, timeline_png

    data = plan_dict(result)
    pictures = [{"data": _b64(net_gain_png(data)), "alt": "net gain per contract"}]
    if result.robust is not None:
        pictures.append({"data": _b64(p_best_png(data)), "alt": "probability of being best"})
    pictures.append({"data": _b64(timeline_png(data)), "alt": "staged plan"})
    if len(data["curve"]) > 0:
        pictures.append({"data": _b64(curve_png(data, result.config.firm)),
                         "alt": "train-size curve"})  # fmt: skip
    source = data["source"]
    if source["kind"] == "data":
        source_line = (
            f"Data: {source['dataset']}, {source['rows']:,} loans; today's labelled "
            f"history {source['today']:,} loans per firm; seed {source['seed']}."
        )
    else:
        source_line = f"Model: {source['environment']}."
    terms = result.terms
    volume_line = (f"{terms.volume:,} loans a month over {terms.horizon} months; we are firm "
                   f"{result.config.firm}.")  # fmt: skip
    return (
        _environment()
        .get_template("plan.html.j2")
        .render(
            title="The lender's decision",
            proposal_line=proposal_line(result),
            source_line=source_line,
            volume_line=volume_line,
            data=data,
            firms=(1, 2),
            pictures=pictures,
            money=money,
        )
    )


def partner_html(result: Any) -> str:
    """The partner page (module docstring)."""
    from predshare.plots.plan import net_gain_png

    data = plan_dict(result)
    partner = 3 - result.config.firm
    key = f"firm{partner}"
    proposal = result.proposal
    rows = []
    for name, c in data["contracts"].items():
        if name == "no":
            continue
        net = c["net_gain"][key]
        rows.append({"name": name, "per_loan": c["gross_gain_per_loan"][key]["value"],
                     "net": net["value"], "low": net["low"], "high": net["high"],
                     "p": c["accepts"][key]["probability"]})  # fmt: skip
    fee = None
    chosen = data["contracts"].get(proposal)
    if chosen is not None and chosen["fee"] is not None:
        pays = chosen["fee"]["payer"] == result.config.firm
        fee = {"verb": "pay" if pays else "ask", "monthly": chosen["fee"]["monthly"]}
    reasons = []
    if chosen is not None:
        net = chosen["net_gain"][key]
        reasons.append(f"Your net gain under {proposal}: {money(net['value'])} over the "
                       f"horizon" + (f" (95% of resamples between {money(net['low'])} and "
                                     f"{money(net['high'])})" if net["low"] is not None else "")
                       + ".")  # fmt: skip
        p = chosen["accepts"][key]["probability"]
        if p is not None:
            reasons.append(f"It pays you in {p:.0%} of the resamples of the data.")
        month = chosen["payback_month"][key]["value"]
        if month is not None:
            reasons.append(f"It pays back your costs in month {month}.")
        reasons.append("Your figures include your own setup, running and IP-risk costs as "
                       "we estimated them.")  # fmt: skip
    picture = _b64(net_gain_png(data, firms=(partner,)))
    return (
        _environment()
        .get_template("partner.html.j2")
        .render(
            title=f"A proposal to firm {partner}",
            proposal=proposal,
            fee=fee,
            partner=partner,
            horizon=result.terms.horizon,
            volume=result.terms.volume,
            rows=rows,
            reasons=reasons,
            picture=picture,
            money=money,
        )
    )
