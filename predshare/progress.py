"""A minimal progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """``bar.step(label)`` advances by one; ``bar.close()`` ends the line.

    Silent unless the stream is a TTY, so pipes, files and CI logs stay clean.
    """

    def __init__(
        self,
        title: str,
        total: int,
        stream: TextIO | None = None,
        width: int = 30,
        unit: str | None = None,
    ):
        self.title = title
        self.unit = unit
        self.total = max(total, 1)
        self.done = 0
        self.width = width
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.perf_counter()

    def step(self, label: str = "") -> None:
        self.update(self.done + 1, label)

    def update(self, done: int, label: str = "") -> None:
        """Set the count of finished units to ``done`` and redraw."""
        self.done = done
        if not self.enabled:
            return
        filled = int(self.width * min(self.done, self.total) / self.total)
        elapsed = time.perf_counter() - self.start
        if self.unit:
            label = self.rate_text(elapsed)
        self.stream.write(
            f"\r{self.title} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} {label[:24]:<24} {elapsed:6.1f}s"
        )
        self.stream.flush()

    def rate_text(self, elapsed: float) -> str:
        """``12.3k/s, 0:42 left`` from the count so far."""
        if elapsed <= 0 or self.done <= 0:
            return ""
        rate = self.done / elapsed
        left = max(self.total - self.done, 0) / rate
        scaled = (
            f"{rate / 1e6:.1f}M"
            if rate >= 1e6
            else f"{rate / 1e3:.1f}k"
            if rate >= 1e3
            else f"{rate:.0f}"
        )
        return f"{scaled}/s, {int(left // 60)}:{int(left % 60):02d} left"

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()
