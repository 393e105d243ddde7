"""What the commands share: the one-line-error parser, whole-number flags, output checks,
the progress bar (tqdm, drawn only when stderr is a terminal), and the SETTING argument of
solve, bargain, environment and plan: ``correlation`` with its flags (MODEL.md section 5),
``hypotheses`` with its flags (section 6), or a JSON environment file, and the
environment it names."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from contracts import Environment, correlation, load_environment, to_fraction, two_hypotheses
from contracts.files import output_target, write_text_atomically
from contracts.settings import SAMPLE_TYPES

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1

#: Help texts that several commands use.
HELP = {
    "json": "machine-readable output (see README)",
    "json.short": "machine-readable output",
    "contracts": "the four named contracts (default) or all sixteen directional ones",
}


class UsageError(ValueError):
    """Bad command-line usage (reported in one line, exit code 2)."""


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line and a ValueError, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def whole_number(text: str | None, flag: str, least: int = 1) -> int | None:
    """A whole-number flag (None when absent), at least ``least``; a ValueError naming
    the flag otherwise.

    >>> whole_number("12", "--workers"), whole_number(None, "--workers")
    (12, None)
    """
    if text is None:
        return None
    value = text.strip()
    if not value.isdigit() or len(value) > 12 or int(value) < least:
        raise ValueError(f"{flag} = {text!r}: must be a whole number >= {least}")
    return int(value)


def count(text: str | None, flag: str, least: int = 1) -> int | None:
    """A whole-number flag (:func:`whole_number`), refused as bad usage."""
    try:
        return whole_number(text, flag, least)
    except ValueError as error:
        raise UsageError(str(error)) from None


def check_outputs(args: argparse.Namespace, flags: Sequence[str]) -> None:
    """Refuse unusable output paths before any work is done."""
    for flag in flags:
        path = getattr(args, flag, None)
        if path is not None:
            output_target(path, f"--{flag}")


def emit(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` (atomically), or to stdout."""
    if output:
        write_text_atomically(output, text)
    else:
        sys.stdout.write(text)


class ProgressBar:
    """``bar.step(label)`` advances by one, ``bar.update(done)`` sets the count,
    ``bar.close()`` ends the line.

    A ``tqdm.auto`` bar on ``stream`` (stderr by default), drawn only when the stream is a
    terminal: pipes, files and CI logs stay clean, and tqdm is not even imported.
    ``start`` is the creation time (``time.perf_counter``) whether drawn or not;
    ``interval``: the fewest seconds between two redraws.

    >>> import io
    >>> bar = ProgressBar("solving", total=4, stream=io.StringIO())
    >>> bar.step(); bar.step(); bar.close()
    >>> (bar.done, bar.enabled)
    (2, False)
    """

    def __init__(
        self,
        title: str,
        total: int,
        stream: TextIO | None = None,
        unit: str | None = None,
        interval: float = 0.1,
    ) -> None:
        self.done = 0
        self.start = time.perf_counter()
        self._total = max(total, 1)
        self._bar: Any = None
        stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        if self.enabled:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # pragma: no cover - tqdm comes with every extra
                self.enabled = False
                return
            self._bar = tqdm(
                total=self._total, desc=title, file=stream, unit=unit or "step",
                unit_scale=unit is not None, leave=False, dynamic_ncols=True,
                mininterval=interval,
            )  # fmt: skip

    @property
    def total(self) -> int:
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        self._total = max(value, 1)
        if self._bar is not None:
            self._bar.total = self._total

    def step(self, label: str = "") -> None:
        self.update(self.done + 1, label)

    def update(self, done: int, label: str = "") -> None:
        """Set the count of finished units to ``done`` and redraw."""
        self.done = done
        if self._bar is not None:
            if label:
                self._bar.set_postfix_str(label[:24], refresh=False)
            self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class StageBars:
    """One progress bar per stage of a pipeline, each closed when the next stage begins:
    pass the object as a ``progress(stage, done, total)`` callback, then :meth:`close`."""

    def __init__(self) -> None:
        self.bars: dict[str, ProgressBar] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.bars:
            self.close()
            self.bars[stage] = ProgressBar(stage, total=total)
        self.bars[stage].update(done)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


SETTINGS = ("correlation", "hypotheses")
CORRELATION_FLAGS = ("alpha", "beta", "world", "reward", "cost")
HYPOTHESES_FLAGS = ("prior_i", "kappa", "lam", "mu", "one_sample", "samples", "types")

SETTING_HELP = {
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
    "samples": "firm 1 learns from N labelled examples (MODEL.md section 10; default: "
    "plentiful data): 1..10 with --types counts, 1..125 with --types posterior",
    "types": "with --samples: 'counts' (default; each count vector of the N examples is a "
    "type, the game of MODEL.md section 10) or 'posterior' (the refinement: count vectors "
    "with equal posteriors are one type)",
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
    group.add_argument("--prior-i", dest="prior_i", help=SETTING_HELP["prior_i"])
    group.add_argument("--kappa", help=SETTING_HELP["kappa"])
    group.add_argument("--lambda", dest="lam", help=SETTING_HELP["lambda"])
    group.add_argument("--mu", help=SETTING_HELP["mu"])


def add_setting_arguments(
    parser: argparse.ArgumentParser, optional: bool = False, help_text: str | None = None
) -> None:
    """SETTING (``optional``: it may be left out) and the flags of both built-in
    settings."""
    parser.add_argument("setting", nargs="?" if optional else None,
                        help=help_text or SETTING_HELP["setting"])  # fmt: skip
    corr = parser.add_argument_group(SETTING_HELP["group.correlation"])
    corr.add_argument("--alpha", help=SETTING_HELP["alpha"])
    corr.add_argument("--beta", help=SETTING_HELP["beta"])
    corr.add_argument("--world", action="append", metavar="RHO:PRIOR", help=SETTING_HELP["world"])
    corr.add_argument("--reward", help=SETTING_HELP["reward"])
    corr.add_argument("--cost", help=SETTING_HELP["cost"])
    hyp = parser.add_argument_group(SETTING_HELP["group.hypotheses"])
    add_hypotheses_parameters(hyp)
    hyp.add_argument(
        "--one-sample", dest="one_sample", action="store_true", help=SETTING_HELP["one_sample"]
    )
    hyp.add_argument("--samples", metavar="N", help=SETTING_HELP["samples"])
    add_types_argument(hyp)


def add_types_argument(group: Any) -> None:
    """``--types counts|posterior``: the game ``--samples`` solves (MODEL.md section 10)."""
    group.add_argument("--types", choices=SAMPLE_TYPES, help=SETTING_HELP["types"])


def setting_flags_given(args: argparse.Namespace) -> list[str]:
    """The flags of a built-in setting that were given (``--reward`` and ``--cost`` aside,
    which the data path shares)."""
    names = [n for n in CORRELATION_FLAGS + HYPOTHESES_FLAGS if n not in ("reward", "cost")]
    return [flag(n) for n in names if getattr(args, n, None)]


def reject_stray(stray: set[str], setting: str) -> None:
    """Flags of the other setting are bad usage."""
    if stray:
        flags = ", ".join(sorted(flag(s) for s in stray))
        raise UsageError(f"{flags}: not used by {setting}")


def sample_types(args: argparse.Namespace) -> str:
    """The ``--types`` given (``counts`` by default); it needs ``--samples``."""
    if args.types is not None and getattr(args, "samples", None) is None:
        raise UsageError(f"--types = {args.types}: applies only with --samples N")
    return args.types or "counts"


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
            types=sample_types(args),
        )
    reject_stray(given, "an environment file")
    return load_environment(args.setting)
