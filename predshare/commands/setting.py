"""The SETTING argument that solve, bargain and environment share: ``correlation`` with
its flags (MODEL.md section 5), ``hypotheses`` with its flags (section 6), or a JSON
environment file; and the environment it names."""

from __future__ import annotations

import argparse
import difflib
import os
from typing import Any

from contracts import Environment, correlation, load_environment, to_fraction, two_hypotheses
from predshare.commands.common import UsageError, count

SETTINGS = ("correlation", "hypotheses")
CORRELATION_FLAGS = ("alpha", "beta", "world", "reward", "cost")
HYPOTHESES_FLAGS = ("prior_i", "kappa", "lam", "mu", "one_sample", "samples")

HELP = {
    "group.correlation": "correlation setting (MODEL.md section 5)",
    "group.hypotheses": "two-hypotheses setting (MODEL.md section 6)",
    "setting": "'correlation', 'hypotheses', or a JSON environment file (see README)",
    "alpha": "firm 1's accuracy (decimal or p/q)",
    "beta": "firm 2's accuracy",
    "world": "a world: rho = P(s1=1,s2=1|y=1) (number, indep, max or min) and its prior; repeat",
    "reward": "R1, reward of action 1 when right (default 1)",
    "cost": "C1, cost of action 1 when wrong (default 1)",
    "prior_i": "pi_I, the prior of hypothesis I, in (0, 1)",
    "kappa": "kappa = P(y = 1), the incidence of the label",
    "lambda": "lambda: P(y = 0 and signals (A, b)) / (1 - kappa), in both hypotheses",
    "mu": "mu: P(y = 0 and signals (B, a) under I, (A, a) under II) / (1 - kappa); "
    "lambda + mu <= 1",
    "one_sample": "each firm learns from one labelled example",
    "samples": "firm 1 learns from N labelled examples, 1..61 (MODEL.md section 10; "
    "default: plentiful data)",
}


def flag(name: str) -> str:
    """The command-line flag of a parameter's attribute name (``lam`` -> ``--lambda``)."""
    return "--" + {"lam": "lambda", "prior_i": "prior-i", "one_sample": "one-sample"}.get(
        name, name
    )


def number(text: str, name: str) -> Any:
    """Validate a number flag early so that the error names the flag."""
    return to_fraction(text, name)


def add_hypotheses_parameters(group: Any) -> None:
    """The two-hypotheses parameters (MODEL.md section 6), shared by solve, sweep and
    scarcity."""
    group.add_argument("--prior-i", dest="prior_i", help=HELP["prior_i"])
    group.add_argument("--kappa", help=HELP["kappa"])
    group.add_argument("--lambda", dest="lam", help=HELP["lambda"])
    group.add_argument("--mu", help=HELP["mu"])


def add_setting_arguments(parser: argparse.ArgumentParser) -> None:
    """SETTING and the flags of both built-in settings."""
    parser.add_argument("setting", help=HELP["setting"])
    corr = parser.add_argument_group(HELP["group.correlation"])
    corr.add_argument("--alpha", help=HELP["alpha"])
    corr.add_argument("--beta", help=HELP["beta"])
    corr.add_argument("--world", action="append", metavar="RHO:PRIOR", help=HELP["world"])
    corr.add_argument("--reward", help=HELP["reward"])
    corr.add_argument("--cost", help=HELP["cost"])
    hyp = parser.add_argument_group(HELP["group.hypotheses"])
    add_hypotheses_parameters(hyp)
    hyp.add_argument(
        "--one-sample", dest="one_sample", action="store_true", help=HELP["one_sample"]
    )
    hyp.add_argument("--samples", metavar="N", help=HELP["samples"])


def reject_stray(stray: set[str], setting: str) -> None:
    """Flags of the other setting are bad usage."""
    if stray:
        flags = ", ".join(sorted(flag(s) for s in stray))
        raise UsageError(f"{flags}: not used by {setting}")


def require_hypotheses(args: argparse.Namespace) -> None:
    """The four two-hypotheses parameters must all be given."""
    for name in ("prior_i", "kappa", "lam", "mu"):
        if getattr(args, name) is None:
            raise UsageError(f"{flag(name)} is required for the hypotheses setting")


def environment_from_args(args: argparse.Namespace) -> Environment:
    """The environment named by the ``setting`` argument and its flags."""
    given = {k for k in CORRELATION_FLAGS + HYPOTHESES_FLAGS if getattr(args, k, None)}
    if (
        args.setting not in SETTINGS
        and not os.path.exists(args.setting)
        and not args.setting.lower().endswith(".json")
    ):
        guess = difflib.get_close_matches(args.setting, SETTINGS, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        raise UsageError(
            f"setting = {args.setting!r}: must be correlation, hypotheses or an existing JSON "
            f"environment file{hint}"
        )
    if args.setting == "correlation":
        reject_stray(given - set(CORRELATION_FLAGS), "correlation")
        for name in ("alpha", "beta", "world"):
            if not getattr(args, name):
                raise UsageError(f"{flag(name)} is required for the correlation setting")
        worlds = []
        for text in args.world:
            rho, sep, prior = text.partition(":")
            if not sep or not rho.strip() or not prior.strip():
                raise UsageError(f"--world = {text!r}: must be RHO:PRIOR (e.g. indep:1/2)")
            worlds.append((rho.strip(), prior.strip()))
        return correlation(
            number(args.alpha, "--alpha"),
            number(args.beta, "--beta"),
            worlds,
            reward=number(args.reward or "1", "--reward"),
            cost=number(args.cost or "1", "--cost"),
        )
    if args.setting == "hypotheses":
        reject_stray(given - set(HYPOTHESES_FLAGS), "hypotheses")
        require_hypotheses(args)
        return two_hypotheses(
            number(args.prior_i, "--prior-i"),
            number(args.kappa, "--kappa"),
            number(args.lam, "--lambda"),
            number(args.mu, "--mu"),
            one_sample=args.one_sample,
            samples=count(getattr(args, "samples", None), "--samples"),
        )
    reject_stray(given, "an environment file")
    return load_environment(args.setting)
