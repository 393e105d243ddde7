"""``predshare verify``: the papers' claims (MODEL.md section 7) checked against the
general engine, verdict by verdict, with exact counterexamples."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

from contracts.files import write_text_atomically
from predshare.commands.common import HELP as COMMON
from predshare.commands.common import ProgressBar, check_outputs
from predshare.report import format_table
from proofs.regions import DEFAULT_SAMPLES, MAX_SAMPLES

HELP = {
    "verify": "check the papers' claims (MODEL.md section 7)",
    "claim": "check only this claim (repeatable); default all",
    "samples": f"sample points per region claim (default {DEFAULT_SAMPLES}, at most {MAX_SAMPLES})",
    "markdown": "also write a Markdown report",
    "strict": "exit 1 when a claim fails",
}


def add_command(commands: Any) -> None:
    verify = commands.add_parser("verify", help=HELP["verify"])
    verify.add_argument("--claim", action="append", metavar="ID", help=HELP["claim"])
    verify.add_argument("--samples", type=int, default=DEFAULT_SAMPLES, help=HELP["samples"])
    verify.add_argument("--json", action="store_true", help=COMMON["json.short"])
    verify.add_argument("--markdown", metavar="FILE", help=HELP["markdown"])
    verify.add_argument("--strict", action="store_true", help=HELP["strict"])
    verify.set_defaults(run=run)


def verdicts(claims: list[str] | None, samples: int) -> list[Any]:
    """Run the claims (all when ``claims`` is None) with a progress bar."""
    from proofs.paper import CLAIMS
    from proofs.report import run_claims

    bar = ProgressBar("verifying", total=len(claims) if claims else len(CLAIMS))
    try:
        return run_claims(claims, samples, progress=bar.step)
    finally:
        bar.close()


def verdicts_table(checked: list[Any]) -> str:
    """The claims table, wrapped to the terminal's width."""
    from proofs.report import verdicts_rows

    width = shutil.get_terminal_size((100, 24)).columns
    headers = ["claim", "verdict", "evidence", "seconds"]
    return format_table(headers, verdicts_rows(checked, width=400), max_width=width)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every check ran (whatever the verdicts); 1 if one could not run, or
    with --strict if a claim fails."""
    from proofs.documents import verification_document
    from proofs.report import verdicts_json

    check_outputs(args, ("markdown",))
    checked = verdicts(args.claim, args.samples)
    if args.markdown:
        write_text_atomically(args.markdown, verification_document(checked))
    summary = verdicts_json(checked)
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        print(verdicts_table(checked))
    if summary["errors"] or (args.strict and summary["failed"]):
        return 1
    return 0
