"""A minimal progress bar on stderr, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """``bar.step(label)`` advances by one; ``bar.close()`` ends the line.

    Silent unless the stream is a TTY, so pipes, files and CI logs stay clean.
    """

    def __init__(self, title: str, total: int, stream: TextIO | None = None, width: int = 30):
        self.title = title
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
        self.stream.write(
            f"\r{self.title} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} {label[:24]:<24} {elapsed:6.1f}s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()
