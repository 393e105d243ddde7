"""A Dask cluster on loopback started with Dask's own command-line tools: a scheduler
(``dask scheduler``) and workers (``dask worker``), each a separate process, as on a
real cluster. The sweep benchmarks and tests run ``--dask tcp://...`` against it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Seconds to wait for the scheduler and the workers to come up.
START_SECONDS = 60
#: Seconds the processes have to end on SIGTERM before they are killed.
STOP_SECONDS = 3


def _wait_for(check: Callable[[], Any], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"dask cluster: {what} within {seconds} s")


class LoopbackCluster:
    """A scheduler on 127.0.0.1 and ``workers`` single-threaded workers (no nanny, so
    killing a worker's process kills the worker), logging into ``folder``; a context
    manager that stops them all."""

    def __init__(self, workers: int = 2, folder: Path | None = None) -> None:
        self._scratch = None if folder is not None else tempfile.TemporaryDirectory()
        self.folder = folder if folder is not None else Path(self._scratch.name)  # type: ignore[union-attr]
        self.file = self.folder / "scheduler.json"
        self.scheduler = self._dask("scheduler", "--host", "127.0.0.1", "--port", "0",
                                    "--no-dashboard", "--scheduler-file", str(self.file),
                                    log="scheduler.log")  # fmt: skip
        self.workers: list[subprocess.Popen[bytes]] = []
        try:
            _wait_for(lambda: self.file.exists() and self._address(), START_SECONDS,
                      "the scheduler wrote no address")  # fmt: skip
            self.address = str(self._address())
            for k in range(workers):
                self.workers.append(self._dask(
                    "worker", "--scheduler-file", str(self.file), "--host", "127.0.0.1",
                    "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"w{k}",
                    log=f"worker{k}.log",
                ))  # fmt: skip
            from dask.distributed import Client

            with Client(self.address, timeout="30s") as client:
                client.wait_for_workers(workers, timeout=START_SECONDS)
        except BaseException:
            self.stop()
            raise

    def _address(self) -> str | None:
        try:
            return json.loads(self.file.read_text()).get("address")  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None

    def _dask(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        """``python -m dask ARGS``: the ``dask`` command of this environment."""
        handle = (self.folder / log).open("wb")
        environment = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=handle,
                                stderr=subprocess.STDOUT, env=environment)  # fmt: skip

    def kill_worker(self, k: int) -> None:
        """SIGKILL worker k, as a machine lost in the middle of a run."""
        os.kill(self.workers[k].pid, signal.SIGKILL)
        self.workers[k].wait(timeout=10)

    def logs(self) -> str:
        return "".join(p.read_text() for p in sorted(self.folder.glob("*.log")))

    def stop(self) -> None:
        """Every process asked to end (SIGTERM), and killed when it has not within
        ``STOP_SECONDS`` (a worker whose scheduler has gone may wait for it to return)."""
        processes = [*self.workers, self.scheduler]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def __enter__(self) -> LoopbackCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
