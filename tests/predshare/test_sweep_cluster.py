"""A sweep on a real Dask cluster: a scheduler and two workers started as separate
processes with Dask's own command-line tools (``dask scheduler``, ``dask worker``) on
loopback. The workers write their chunks into the shared output folder and send back
counts; a worker killed in the middle loses no point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from solvers.sweep.grid import RANDOM_BLOCK

pandas = pytest.importorskip("pandas")
pytest.importorskip("dask.distributed")
from predshare.sweeps import sweep  # noqa: E402

GRID = {"alpha": "0.55:0.95:60", "beta": "0.55:0.95:60", "cost": "0.5:1.5:3", "rho1": "indep",
        "rho2": "max"}  # fmt: skip
CHUNKS = 3  # 10,800 points in chunks of 4096


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "dask", *args], stdout=handle, stderr=subprocess.STDOUT,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )  # fmt: skip


def _wait_for(check: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise TimeoutError(what)


class Cluster:
    """A loopback scheduler and its workers, each a ``dask`` process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(self.file),
                               log=folder / "scheduler.log")  # fmt: skip
        self.workers: list[subprocess.Popen[bytes]] = []
        _wait_for(self.file.exists, 60, "the scheduler wrote no scheduler file")
        _wait_for(lambda: json.loads(self.file.read_text() or "{}").get("address"), 10,
                  "no address in the scheduler file")  # fmt: skip
        self.address = json.loads(self.file.read_text())["address"]
        for k in range(2):
            self.workers.append(_dask("worker", "--scheduler-file", str(self.file), "--host",
                                      "127.0.0.1", "--nthreads", "1", "--no-nanny",
                                      "--no-dashboard", "--name", f"w{k}",
                                      log=folder / f"worker{k}.log"))  # fmt: skip
        from dask.distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    running = Cluster(tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def reference() -> object:
    return sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK)


def test_an_external_cluster_gives_the_identical_rows(
    cluster: Cluster, reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from solvers.sweep import run as sweep_run

    def not_here(*args: object) -> None:
        raise AssertionError("the coordinating process wrote a chunk")

    monkeypatch.setattr(sweep_run, "write_part", not_here)  # the workers are other processes
    out = tmp_path / "c.parquet"
    frame = sweep("correlation", GRID, dask=cluster.address, out=out, chunk_points=RANDOM_BLOCK)
    pandas.testing.assert_frame_equal(frame, reference)
    sidecar = json.loads((tmp_path / "c.parquet.json").read_text())
    assert sidecar["rows"] == 10800 and sidecar["execution"]["dask"] == cluster.address
    logs = "".join((tmp_path / f"worker{k}.log").read_text() for k in range(2))
    assert "Traceback" not in logs
    assert len(list(out.glob("part-*.parquet"))) == CHUNKS


def test_a_worker_killed_mid_run_loses_no_point(
    cluster: Cluster, reference: object, tmp_path: Path
) -> None:
    out = tmp_path / "k.parquet"
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["frame"] = sweep("correlation", GRID, dask=cluster.address, out=out,
                                    chunk_points=RANDOM_BLOCK)  # fmt: skip
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            result["error"] = error

    worker = threading.Thread(target=run)
    worker.start()
    _wait_for(lambda: list(out.glob("part-*.parquet")), 120, "no chunk was written")
    os.kill(cluster.workers[0].pid, signal.SIGKILL)
    written = len(list(out.glob("part-*.parquet")))
    worker.join(timeout=240)
    assert not worker.is_alive() and "error" not in result, result.get("error")
    assert written < CHUNKS  # killed while chunks were left
    assert cluster.workers[0].wait(timeout=5) == -signal.SIGKILL
    pandas.testing.assert_frame_equal(result["frame"], reference)
