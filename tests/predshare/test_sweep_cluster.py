"""A sweep on a real Dask cluster: a scheduler and two workers started as separate
processes with Dask's own command-line tools (``dask scheduler``, ``dask worker``) on
loopback. The workers write their chunks into the shared output folder and send back
counts; a worker killed in the middle loses no point."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from solvers.sweep.grid import RANDOM_BLOCK

pandas = pytest.importorskip("pandas")
pytest.importorskip("dask.distributed")
from predshare.bench.cluster import LoopbackCluster  # noqa: E402
from predshare.sweeps import sweep  # noqa: E402

GRID = {"alpha": "0.55:0.95:60", "beta": "0.55:0.95:60", "cost": "0.5:1.5:3", "rho1": "indep",
        "rho2": "max"}  # fmt: skip
CHUNKS = 3  # 10,800 points in chunks of 4096


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[LoopbackCluster]:
    """A scheduler and two workers, separate ``dask`` processes, stopped afterwards."""
    with LoopbackCluster(2, tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def reference() -> object:
    return sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK)


def test_an_external_cluster_gives_the_identical_rows(
    cluster: LoopbackCluster, reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
    assert "Traceback" not in cluster.logs()
    assert len(list(out.glob("part-*.parquet"))) == CHUNKS


def test_without_an_output_folder_the_workers_send_their_rows_back(
    cluster: LoopbackCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No --out: the workers share no folder with this process, so they send their rows
    and this process writes each chunk into its scratch folder (two chunks here)."""
    from solvers.sweep import run as sweep_run

    written: list[str] = []
    real = sweep_run.write_part

    def here(path: Path, *args: object) -> object:
        written.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(sweep_run, "write_part", here)
    grid = {"alpha": "0.55:0.95:80", "beta": "0.55:0.95:80", "rho1": "indep"}
    local = sweep("correlation", grid, workers=1, chunk_points=RANDOM_BLOCK)
    written.clear()
    frame = sweep("correlation", grid, dask=cluster.address, chunk_points=RANDOM_BLOCK)
    pandas.testing.assert_frame_equal(frame, local)
    assert sorted(written) == ["part-000000.parquet", "part-000001.parquet"]


def test_a_worker_killed_mid_run_loses_no_point(
    cluster: LoopbackCluster, reference: object, tmp_path: Path
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
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("part-*.parquet")):
        time.sleep(0.01)
    cluster.kill_worker(0)
    written = len(list(out.glob("part-*.parquet")))
    worker.join(timeout=240)
    assert not worker.is_alive() and "error" not in result, result.get("error")
    assert written < CHUNKS  # killed while chunks were left
    assert cluster.workers[0].returncode == -signal.SIGKILL
    pandas.testing.assert_frame_equal(result["frame"], reference)
