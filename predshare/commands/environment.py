"""``predshare environment SETTING``: print (or write) a setting's environment file, the
format ``predshare-environment/1`` that ``solve FILE.json`` reads."""

from __future__ import annotations

import argparse
import json
from typing import Any

from contracts import environment_to_dict
from predshare.commands.common import (
    add_setting_arguments,
    check_outputs,
    emit,
    environment_from_args,
)

HELP = {
    "environment": "print the environment file of a setting",
    "output": "write to FILE instead of stdout",
}


def add_command(commands: Any) -> None:
    cmd = commands.add_parser("environment", help=HELP["environment"])
    add_setting_arguments(cmd)
    cmd.add_argument("--output", metavar="FILE", help=HELP["output"])
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    check_outputs(args, ("output",))
    environment = environment_from_args(args)
    emit(json.dumps(environment_to_dict(environment), indent=2) + "\n", args.output)
    return 0
