"""Running a sweep: chunks of points classified in worker processes or on a Dask cluster,
each chunk written as it finishes, so that an interrupted sweep resumes where it stopped.

A chunk is a fixed run of point numbers (``chunk_points`` of them, a multiple of the
random block), so the chunks, and therefore the rows and their order, do not depend on
how many workers there are or where they run. Each finished chunk is one Parquet file
``part-NNNNNN.parquet`` in the sweep's folder, written atomically by the process that
classified it (a worker process, or a Dask worker when the folder is a path it shares),
with its counts (:mod:`solvers.sweep.totals`) in the file's metadata; only the counts
travel back, so the coordinating process never holds the table. The folder's
``_sweep.json`` records what the sweep is, and a resumed sweep must be the same one.
"""

from __future__ import annotations

import ctypes
import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import lru_cache
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

import numpy as np

from contracts.files import atomic_output
from solvers.sweep.batch import classify
from solvers.sweep.family import SettingFamily
from solvers.sweep.grid import RANDOM_BLOCK, SweepSpec
from solvers.sweep.layout import SweepLayout, build_layout
from solvers.sweep.table import part_counts, write_part
from solvers.sweep.totals import Counts, add_counts, chunk_counts, empty_counts

#: Points per chunk file (a multiple of RANDOM_BLOCK).
CHUNK_POINTS = 16 * RANDOM_BLOCK
#: Points classified and written at a time inside a chunk (one Parquet row group each),
#: so that a worker's memory does not grow with the chunk.
WRITE_POINTS = 2 * RANDOM_BLOCK
#: Seconds to wait for a Dask scheduler before giving up.
DASK_TIMEOUT = 5
MANIFEST = "_sweep.json"

Columns = dict[str, np.ndarray]
Progress = Callable[[int, int], None]


@lru_cache(maxsize=8)
def _layout(family: SettingFamily, contracts: tuple[str, ...]) -> SweepLayout:
    return build_layout(family, list(contracts))


def classify_chunk(
    spec: SweepSpec, contracts: tuple[str, ...], start: int, stop: int, skip_infeasible: bool
) -> Columns:
    """Point numbers, parameters and verdicts of points ``start..stop-1`` (infeasible
    points dropped when ``skip_infeasible``, else a ValueError naming the first)."""
    values = spec.values(start, stop)
    feasible = spec.feasible(start, stop, values)
    if not feasible.all() and not skip_infeasible:
        first = start + int(np.argmin(feasible))
        raise ValueError(infeasible_message(spec, first))
    keep = np.nonzero(feasible)[0]
    kept = {k: v[keep] for k, v in values.items()}
    layout = _layout(spec.family, contracts)
    verdicts = classify(layout, kept, lambda i: spec.environment(start + int(keep[i])))
    columns: Columns = {"point": np.arange(start, stop, dtype=np.int64)[keep]}
    columns.update(kept)
    columns.update(verdicts)
    return columns


_PREPARED = False


def prepare_worker() -> None:
    """Make this worker process one core that keeps freed memory for reuse (once).

    BLAS is held to one thread (threadpoolctl): the workers are the parallelism. The
    classifier allocates and frees arrays of a few MB per step; with glibc's defaults
    in a worker (and with Dask's ``MALLOC_TRIM_THRESHOLD_``) each one is a fresh
    ``mmap`` whose pages fault in again, which made a Dask worker 2.8 times slower, so
    ``mallopt`` raises the thresholds. Only worker processes are tuned, never the
    caller's own.
    """
    global _PREPARED
    if _PREPARED:
        return
    _PREPARED = True
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - threadpoolctl comes with the sweep extra
        pass
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 2**20)  # M_MMAP_THRESHOLD: its largest allowed value
        libc.mallopt(-1, 256 * 2**20)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def _worker_chunk(
    spec: SweepSpec,
    contracts: tuple[str, ...],
    start: int,
    stop: int,
    skip_infeasible: bool,
    path: Path | None,
) -> Counts | tuple[Columns, Counts]:
    """:func:`run_chunk` in a worker process, tuned first (:func:`prepare_worker`)."""
    prepare_worker()
    return run_chunk(spec, contracts, start, stop, skip_infeasible, path)


def run_chunk(
    spec: SweepSpec,
    contracts: tuple[str, ...],
    start: int,
    stop: int,
    skip_infeasible: bool,
    path: Path | None,
) -> Counts | tuple[Columns, Counts]:
    """:func:`classify_chunk`, written to ``path`` when it is given, a block of
    ``WRITE_POINTS`` at a time (only the chunk's counts are returned), else the columns
    and counts are returned."""
    if path is None:
        columns = classify_chunk(spec, contracts, start, stop, skip_infeasible)
        return columns, chunk_counts(columns, contracts, start, stop)

    def blocks() -> Iterator[tuple[Columns, Counts]]:
        for first in range(start, stop, WRITE_POINTS):
            last = min(first + WRITE_POINTS, stop)
            columns = classify_chunk(spec, contracts, first, last, skip_infeasible)
            yield columns, chunk_counts(columns, contracts, first, last)

    return write_part(path, blocks(), contracts, spec)


def infeasible_message(spec: SweepSpec, point: int) -> str:
    """One line naming an infeasible point and why."""
    return (
        f"point {point} ({spec.point_text(point)}) is infeasible: {spec.infeasibility(point)}; "
        "pass --skip-infeasible to skip such points"
    )


def first_infeasible(spec: SweepSpec, chunk_points: int = CHUNK_POINTS) -> tuple[int, int | None]:
    """How many points are infeasible, and the first of them (a fast pass before a sweep)."""
    count, first = 0, None
    for start in range(0, spec.size, chunk_points):
        stop = min(start + chunk_points, spec.size)
        feasible = spec.feasible(start, stop, spec.values(start, stop))
        bad = np.nonzero(~feasible)[0]
        if bad.size and first is None:
            first = start + int(bad[0])
        count += int(bad.size)
    return count, first


def default_chunk_points(size: int) -> int:
    """Chunk size for a sweep of ``size`` points: about 64 chunks (so every worker gets
    several), between ``WRITE_POINTS`` (so that every sweep classifies and writes blocks
    of the same size, and needs the same memory) and ``CHUNK_POINTS``. A function of the
    size only, so a resumed sweep cuts the same chunks."""
    blocks = -(-size // (64 * RANDOM_BLOCK))
    return min(max(blocks * RANDOM_BLOCK, WRITE_POINTS), CHUNK_POINTS)


def chunks(size: int, chunk_points: int = CHUNK_POINTS) -> list[tuple[int, int]]:
    """``(start, stop)`` of every chunk of a sweep of ``size`` points."""
    if chunk_points < 1 or chunk_points % RANDOM_BLOCK:
        raise ValueError(f"chunk_points = {chunk_points}: must be a multiple of {RANDOM_BLOCK}")
    return [(s, min(s + chunk_points, size)) for s in range(0, size, chunk_points)]


def chunk_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:06d}.parquet"


def is_sweep_folder(folder: Path) -> bool:
    """Whether ``folder`` is a sweep's folder (it holds the manifest)."""
    return (folder / MANIFEST).is_file()


def prepare_folder(folder: Path, manifest: dict[str, Any], resume: bool) -> None:
    """Create the chunk folder with its manifest, or check that a resumed one matches."""
    path = folder / MANIFEST
    if folder.exists() and path.exists():
        if not resume:
            raise ValueError(f"chunks {str(folder)!r}: exist; pass --resume or --force")
        try:
            found = json.loads(path.read_text())
        except (OSError, ValueError):
            found = None
        if found != manifest:
            raise ValueError(
                f"chunks {str(folder)!r}: belong to a different sweep; pass --force to start over"
            )
        return
    if folder.is_dir() and any(folder.iterdir()):
        raise ValueError(
            f"chunks {str(folder)!r}: a folder that is not a predshare sweep's; "
            "choose another --out"
        )
    try:
        folder.mkdir(parents=False, exist_ok=True)
    except OSError as error:
        raise ValueError(f"chunks {str(folder)!r}: cannot be created ({error.strerror})") from None
    with atomic_output(path, "chunks manifest") as handle:
        handle.write(json.dumps(manifest, indent=1, sort_keys=True).encode())


def _worker_environment() -> dict[str, str]:
    """One BLAS thread per Dask worker process: the workers are the parallelism."""
    return {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def run_chunks(
    spec: SweepSpec,
    contracts: tuple[str, ...],
    folder: Path,
    workers: int | None = None,
    dask: str | None = None,
    skip_infeasible: bool = False,
    progress: Progress | None = None,
    chunk_points: int = CHUNK_POINTS,
    shared: bool = True,
) -> tuple[list[Path], Counts]:
    """Classify every chunk not yet in ``folder`` and write it; the chunk files in order
    and the sweep's totals (finished chunks' counts read from their files).

    ``workers``: processes (default: all cores; 1 runs in this process); ``dask``:
    ``"local"`` for a LocalCluster of ``workers`` processes on this machine, or a
    scheduler address ``tcp://HOST:PORT``. ``shared``: whether Dask workers can write
    into ``folder`` (a path they share); if not, they send the rows back and this
    process writes them.
    """
    parts = chunks(spec.size, chunk_points)
    totals = empty_counts(contracts)
    todo = []
    for i in range(len(parts)):
        # chunk files are written atomically: one that exists and reads is whole
        counts = part_counts(chunk_path(folder, i))
        if counts is None:
            todo.append(i)
        else:
            totals = add_counts(totals, counts)
    done_points = totals["points"]
    if progress:
        progress(done_points, spec.size)

    def finished(i: int, result: Counts | tuple[Columns, Counts]) -> None:
        nonlocal done_points, totals
        if isinstance(result, tuple):
            columns, counts = result
            write_part(chunk_path(folder, i), [(columns, counts)], contracts, spec)
        else:
            counts = result
        totals = add_counts(totals, counts)
        done_points += parts[i][1] - parts[i][0]
        if progress:
            progress(done_points, spec.size)

    jobs = [(i, parts[i]) for i in todo]
    if dask is not None:
        where = folder if shared or dask == "local" else None
        for i, result in _run_dask(spec, contracts, jobs, workers, dask, skip_infeasible, where):
            finished(i, result)
    elif (workers or os.cpu_count() or 1) == 1 or len(jobs) <= 1:
        for i, (start, stop) in jobs:
            path = chunk_path(folder, i)
            finished(i, run_chunk(spec, contracts, start, stop, skip_infeasible, path))
    else:
        for i, result in _run_processes(spec, contracts, jobs, workers, skip_infeasible, folder):
            finished(i, result)
    return [chunk_path(folder, i) for i in range(len(parts))], totals


def _run_processes(
    spec: SweepSpec,
    contracts: tuple[str, ...],
    jobs: list[tuple[int, tuple[int, int]]],
    workers: int | None,
    skip: bool,
    folder: Path,
) -> Iterator[tuple[int, Counts]]:
    """Classify the jobs in worker processes, each writing its chunk; yields chunk
    numbers and counts."""
    count = min(workers or os.cpu_count() or 1, len(jobs))
    # fork where there is one: no re-import of the caller's main module, so the API
    # works from scripts without a __main__ guard
    methods = get_all_start_methods()
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=get_context("fork" if "fork" in methods else "spawn")
    )
    with pool:
        pending: dict[Future[Any], int] = {}
        queue = list(jobs)
        try:
            while queue or pending:
                while queue and len(pending) < 2 * count:
                    i, (start, stop) = queue.pop(0)
                    job = (spec, contracts, start, stop, skip, chunk_path(folder, i))
                    pending[pool.submit(_worker_chunk, *job)] = i
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: pending[f]):
                    i = pending.pop(future)
                    yield i, future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def check_dask_address(address: str | None) -> None:
    """``local`` or a scheduler address (checked before any work)."""
    if (
        address is not None
        and address != "local"
        and not address.startswith(("tcp://", "tls://", "ucx://", "inproc://"))
    ):
        raise ValueError(
            f"dask = {address!r}: must be 'local' or a scheduler address like tcp://HOST:PORT"
        )


def _connect(client_type: Any, address: str) -> Any:
    """A client of the scheduler at ``address``, or a ValueError within about
    ``DASK_TIMEOUT`` seconds. Dask's own timeout covers the TCP connection only: a peer
    that accepts and never answers (a blackholed port, a service that is not a scheduler)
    would hold the handshake for ever, so the connection is made in a daemon thread and
    given up on at the deadline."""
    import threading

    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = client_type(address, timeout=f"{DASK_TIMEOUT}s")
        except Exception as error:  # noqa: BLE001 - reported below, in one line
            outcome["error"] = error

    started = time.monotonic()
    worker = threading.Thread(target=connect, name="predshare-dask-connect", daemon=True)
    worker.start()
    worker.join(DASK_TIMEOUT + 2)
    waited = time.monotonic() - started
    if "client" in outcome:
        return outcome["client"]
    reason = outcome.get("error", "no answer to the handshake")
    raise ValueError(
        f"dask = {address!r}: no scheduler answered within {waited:.0f} s ({reason})"
    ) from None


def _run_dask(
    spec: SweepSpec,
    contracts: tuple[str, ...],
    jobs: list[tuple[int, tuple[int, int]]],
    workers: int | None,
    address: str,
    skip: bool,
    folder: Path | None,
) -> Iterator[tuple[int, Any]]:
    """Classify the jobs on a Dask cluster; each worker writes its chunk into ``folder``
    and sends back its counts (or, with no shared folder, the rows). A worker lost in
    the middle costs a rerun of its chunk elsewhere (``retries``), never a point."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ValueError(
            "dask: dask.distributed is not installed; pip install 'predshare[sweep]'"
        ) from None
    cluster = None
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            env=_worker_environment(),
        )
        client = Client(cluster)
    else:
        check_dask_address(address)
        client = _connect(Client, address)
    try:
        futures = {
            client.submit(
                _worker_chunk,
                spec,
                contracts,
                start,
                stop,
                skip,
                None if folder is None else chunk_path(folder, i),
                retries=2,
                pure=False,
            ): i
            for i, (start, stop) in jobs
        }
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
