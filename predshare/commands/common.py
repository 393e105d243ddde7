"""What the commands share: the one-line-error parser, whole-number flags, output checks
and the progress bar (tqdm, drawn only when stderr is a terminal)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from contracts.files import output_target, write_text_atomically

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
