"""``predshare scarcity hypotheses``: IRPO, payoffs and trade as firm 1's labelled data
grow, N = 1, 2, ... and then N = infinity (MODEL.md section 10)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contracts import fraction_text, two_hypotheses
from predshare.commands.common import HELP as COMMON
from predshare.commands.common import (
    ProgressBar,
    add_hypotheses_parameters,
    add_types_argument,
    check_outputs,
    flag,
    number,
    require_hypotheses,
)

HELP = {
    "scarcity": "IRPO, payoffs and trade as firm 1's labelled data grow (MODEL.md section 10)",
    "setting": "the setting: hypotheses (two hypotheses, firm 1 learns from N examples)",
    "samples": "the N to solve: LO:HI or N,N,... within 1..10 with --types counts "
    "(default 1:10), 1..125 with --types posterior (default 1:50); N = infinity is added last",
    "plot": "draw payoffs and trade per contract against N to this PNG",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("scarcity", help=HELP["scarcity"])
    cmd.add_argument("setting", choices=("hypotheses",), help=HELP["setting"])
    add_hypotheses_parameters(cmd)
    cmd.add_argument("--samples", metavar="LO:HI|N,N", help=HELP["samples"])
    add_types_argument(cmd)
    cmd.add_argument("--plot", metavar="FILE.png", help=HELP["plot"])
    cmd.add_argument("--json", action="store_true", help=COMMON["json.short"])
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """IRPO, payoffs and trade along N labelled examples, then N = infinity."""
    from predshare.scarcity import (
        DEFAULT_SAMPLES,
        parse_samples,
        scarcity,
        scarcity_dict,
        scarcity_text,
    )

    check_outputs(args, ("plot",))
    require_hypotheses(args)
    names = ("prior_i", "kappa", "lam", "mu")
    prior_i, kappa, lam, mu = (number(getattr(args, name), flag(name)) for name in names)
    types = args.types or "counts"
    samples = parse_samples(args.samples or DEFAULT_SAMPLES[types], types)
    two_hypotheses(prior_i, kappa, lam, mu)  # the parameters, checked before the loop
    bar = ProgressBar("solving", total=len(samples) + 1)
    try:
        points = scarcity(prior_i, kappa, lam, mu, samples, progress=bar.step, types=types)
    finally:
        bar.close()
    labels = ("prior_i", "kappa", "lambda", "mu")
    parameters = {n: fraction_text(v) for n, v in zip(labels, (prior_i, kappa, lam, mu))}
    if args.plot:
        from predshare.plots.scarcity import save_scarcity_plot

        title = f"two hypotheses ({types} types) " + " ".join(
            f"{n}={v}" for n, v in parameters.items()
        )
        save_scarcity_plot(points, title, args.plot)
    if args.json:
        sys.stdout.write(json.dumps(scarcity_dict(points, parameters, types), indent=2) + "\n")
    else:
        sys.stdout.write(scarcity_text(points, types))
    return 0
