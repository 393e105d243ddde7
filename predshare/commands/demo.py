"""``predshare demo``: the worked cases of MODEL.md section 8 solved exactly, then the
papers' claims checked (the main job of ``make demo``)."""

from __future__ import annotations

import argparse
from typing import Any

from contracts import worked_cases
from predshare.commands.verify import verdicts, verdicts_table
from predshare.report import analysis_text
from proofs.regions import DEFAULT_SAMPLES

HELP = {
    "demo": "the worked cases of MODEL.md section 8, then verify",
    "samples": "sample points per region claim in the closing report",
}


def add_command(commands: Any) -> None:
    demo = commands.add_parser("demo", help=HELP["demo"])
    demo.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help=HELP["samples"])
    demo.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from solvers.analysis.environment import analyze

    for name, environment in worked_cases().items():
        analysis = analyze(environment, exact=True)
        print(f"=== {name}: {analysis.seconds * 1000:.1f} ms")
        print(analysis_text(analysis))
        print()
    print("=== the papers' claims (MODEL.md section 7), checked against the general engine")
    print(verdicts_table(verdicts(None, args.samples)))
    return 0
