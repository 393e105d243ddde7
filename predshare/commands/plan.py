"""``predshare plan``: the lender's decision (MODEL.md section 11): which contract to
propose and what it returns net of costs and IP risk, whether the partner accepts, how
sure that is, the break-even values, a pilot and a staged plan.

Without SETTING it runs on data (the flags of ``predshare data``); with a SETTING
(``correlation``, ``hypotheses`` or an environment file) it prices the model's contracts
alone. Terms come from ``--terms FILE.toml`` and ``--term KEY=VALUE`` (the same keys,
dotted: ``firm1.give_model.setup=50000``), ``--volume`` and ``--horizon``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts.files import write_text_atomically
from predshare.commands.common import (
    ProgressBar,
    StageBars,
    UsageError,
    add_setting_arguments,
    check_outputs,
    count,
)
from predshare.commands.data import add_data_arguments

HELP = {
    "plan": "the lender's decision: costs, ROI with intervals, a robust proposal, a staged plan",
    "setting": "a setting to price from the model alone (correlation, hypotheses or an "
    "environment file); without it, the decision runs on data (the data flags)",
    "terms": "a TOML file of costs, IP risk, volume and horizon (README, 'The lender's "
    "decision'; examples/terms.toml)",
    "term": "one term, KEY=VALUE with the TOML keys dotted, e.g. firm1.give_model.setup=50000 "
    "(repeatable; overrides --terms)",
    "horizon": "months over which the contracts are priced (1..600; default 12)",
    "draws": "resamples of the estimated laws for the intervals and P(best) (10..10000; "
    "default 100)",
    "level": "the probability of being best a recommendation needs (default 0.8)",
    "firm": "which firm we are, 1 or 2 (default 1)",
    "no_fees": "do not propose contracts with a fee",
    "json": "print the decision as JSON (schema predshare.plan/1)",
    "out": "also write the Markdown report to this file",
    "html": "also write the self-contained HTML report to this file",
    "partner_page": "also write the partner's page (no figure of our own) to this file",
    "backtest": "instead of one plan, make N plans (seeds --seed .. --seed + N - 1) and report "
    "how often each contract's predicted net-gain interval covers its net gain realized on "
    "the held-out stream (1..1000)",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("plan", help=HELP["plan"])
    add_setting_arguments(cmd, optional=True, help_text=HELP["setting"])
    add_data_arguments(cmd, money=False)
    cmd.add_argument("--terms", metavar="FILE.toml", help=HELP["terms"])
    cmd.add_argument("--term", action="append", metavar="KEY=VALUE", help=HELP["term"])
    cmd.add_argument("--horizon", metavar="MONTHS", help=HELP["horizon"])
    cmd.add_argument("--draws", metavar="N", help=HELP["draws"])
    cmd.add_argument("--level", metavar="P", help=HELP["level"])
    cmd.add_argument("--firm", metavar="1|2", help=HELP["firm"])
    cmd.add_argument("--no-fees", dest="no_fees", action="store_true", help=HELP["no_fees"])
    cmd.add_argument("--json", action="store_true", help=HELP["json"])
    cmd.add_argument("--out", metavar="report.md", help=HELP["out"])
    cmd.add_argument("--html", metavar="FILE.html", help=HELP["html"])
    cmd.add_argument("--partner-page", dest="partner_page", metavar="FILE.html",
                     help=HELP["partner_page"])  # fmt: skip
    cmd.add_argument("--backtest", metavar="N", help=HELP["backtest"])
    cmd.set_defaults(run=run)


def _nested(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    if not all(parts):
        raise UsageError(f"--term = {key!r}: must be KEY=VALUE with a dotted key")
    table = data
    for part in parts[:-1]:
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            raise UsageError(f"--term {key!r}: {part!r} is not a table")
    table[parts[-1]] = value


def terms_from_args(args: argparse.Namespace) -> Any:
    """The terms: the file, then each --term, --volume and --horizon over it."""
    from contracts.terms import terms_from_dict, terms_table

    data: dict[str, Any] = terms_table(args.terms) if args.terms is not None else {}
    for item in args.term or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"--term = {item!r}: must be KEY=VALUE, e.g. "
                             "firm1.give_model.setup=50000")  # fmt: skip
        _nested(data, key.strip(), value.strip())
    if args.volume is not None:
        _nested(data, "volume.loans_per_month", count(args.volume, "--volume"))
    if args.horizon is not None:
        _nested(data, "volume.horizon_months", count(args.horizon, "--horizon"))
    volume = data.get("volume")
    for key in ("loans_per_month", "horizon_months"):
        if isinstance(volume, dict) and isinstance(volume.get(key), str):
            volume[key] = count(volume[key], f"volume.{key}")
    return terms_from_dict(data)


def _probability(text: str | None, name: str, default: float) -> float:
    if text is None:
        return default
    from contracts import to_fraction

    value = to_fraction(text, name)
    if not 0 < value <= 1:
        raise UsageError(f"{name} = {text!r}: must be a probability in (0, 1]")
    return float(value)


def run(args: argparse.Namespace) -> int:
    from predshare.decision.pipeline import MAX_RESAMPLES, PlanConfig, plan

    check_outputs(args, ("out", "html", "partner_page"))
    terms = terms_from_args(args)
    draws = count(args.draws, "--draws", 10)
    if draws is not None and draws > MAX_RESAMPLES:
        raise UsageError(f"--draws = {args.draws!r}: must be at most {MAX_RESAMPLES:,}")
    firm = count(args.firm, "--firm")
    if firm is not None and firm not in (1, 2):
        raise UsageError(f"--firm = {args.firm!r}: must be 1 or 2")
    config = PlanConfig(
        resamples=draws or 100,
        level=_probability(args.level, "--level", 0.8),
        firm=firm or 1,
        fees=not args.no_fees,
    )
    if args.setting is not None:
        from predshare.commands.common import environment_from_args
        from predshare.commands.data import data_flags_given

        given = data_flags_given(args)
        if given:
            raise UsageError(f"{given[0]}: a data flag, not used with a setting")
        source: Any = environment_from_args(args)
    else:
        from predshare.commands.common import setting_flags_given
        from predshare.commands.data import config_from_args

        given = setting_flags_given(args)
        if given:
            raise UsageError(f"{given[0]}: a setting flag; name the setting (correlation, "
                             "hypotheses or a file) to use it")  # fmt: skip
        source = config_from_args(args)
    backtest = count(args.backtest, "--backtest")
    if backtest is not None:
        return _backtest(args, source, terms, config, backtest)
    bars = StageBars()
    try:
        result = plan(source, terms, config, bars)
    finally:
        bars.close()
    # every page is rendered before any is written: a failure leaves nothing half-done
    pages = [
        (flag, path, render())
        for flag, path, render in (
            ("--out", args.out, result.to_markdown),
            ("--html", args.html, result.to_html),
            ("--partner-page", args.partner_page, result.partner_html),
        )
        if path is not None
    ]
    for flag, path, text in pages:
        write_text_atomically(path, text, flag)
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(result.to_text())
    return 0


def _backtest(args: argparse.Namespace, source: Any, terms: Any, config: Any, seeds: int) -> int:
    """``--backtest N``: coverage of the predicted intervals over N seeds."""
    from predshare.decision.backtest import backtest

    if seeds > 1000:
        raise UsageError(f"--backtest = {args.backtest!r}: must be at most 1000")
    if args.setting is not None:
        raise UsageError("--backtest: needs data (a setting has no held-out stream)")
    if args.html or args.partner_page or args.out:
        raise UsageError("--backtest: writes no report; leave out --out, --html, --partner-page")
    first = source.seed
    bar = ProgressBar("backtest", total=seeds)
    try:
        result = backtest(source, terms, range(first, first + seeds), config,
                          lambda done, total: bar.update(done))  # fmt: skip
    finally:
        bar.close()
    if args.json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return 0

    def percent(x: float | None) -> str:
        return "-" if x is None else f"{x:.0%}"

    lines = [f"{result['covered']} of {result['intervals']} predicted net-gain intervals cover "
             f"the realized net gain ({percent(result['coverage'])}; widened by the stream's "
             f"own sampling error: {percent(result['prediction_coverage'])}) over seeds "
             f"{result['seeds'][0]}..{result['seeds'][1]}"]  # fmt: skip
    for name, c in result["by_contract"].items():
        lines.append(f"  {name}: {percent(c['coverage'])} of {c['intervals']} "
                     f"({percent(c['prediction_coverage'])} widened)")  # fmt: skip
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
