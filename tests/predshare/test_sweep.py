"""Sweeps end to end: the table, its execution (processes, Dask, resume), its files,
the command line's refusals, and the phase plot."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from predshare.cli import main
from solvers.analysis.environment import analyze
from solvers.sweep import run as sweep_run
from solvers.sweep.grid import RANDOM_BLOCK, sweep_spec

pandas = pytest.importorskip("pandas")
from predshare.plots.phase import phase_plot, region_label  # noqa: E402
from predshare.sweeps import sweep  # noqa: E402

#: A small correlation sweep: 3 chunks of 4096 points, the diagonal alpha = beta inside.
GRID = {"alpha": "0.55:0.95:60", "beta": "0.55:0.95:60", "cost": "0.5:1.5:3", "rho1": "indep",
        "rho2": "max"}  # fmt: skip
CLI_GRID = ["correlation", "--alpha", "0.55:0.95:60", "--beta", "0.55:0.95:60", "--cost",
            "0.5:1.5:3", "--world", "indep", "--world", "max", "--chunk-points", "4096"]  # fmt: skip


@pytest.fixture(scope="module")
def reference() -> object:
    """The grid swept in this process, one worker: the table every other run must equal."""
    return sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK)


def test_table_rows_match_the_exact_engine(reference: object) -> None:
    frame = reference
    assert list(frame["point"]) == list(range(10800))
    spec = sweep_spec("correlation", GRID)
    names = ["no", "train", "infer", "full"]
    for i in np.random.default_rng(0).choice(len(frame), 25, replace=False):
        analysis = analyze(spec.environment(int(i)), exact=True)
        row = frame.iloc[int(i)]
        assert row["irpo_set"] == ",".join(analysis.verdicts.irpo)
        unique = analysis.verdicts.unique_irpo_up_to_equivalence
        assert (row["unique_irpo_up_to_equivalence"] if unique else None) == unique
        for name in names:
            assert row[f"{name}.equilibria"] == analysis.solutions[name].count
        assert row["alpha"] == float(spec.exact_point(int(i))["alpha"])


def test_process_pool_gives_the_identical_table(reference: object) -> None:
    frame = sweep("correlation", GRID, workers=2, chunk_points=RANDOM_BLOCK)
    pandas.testing.assert_frame_equal(frame, reference)


def test_dask_local_cluster_gives_the_identical_table(reference: object) -> None:
    pytest.importorskip("dask.distributed")
    frame = sweep("correlation", GRID, workers=2, dask="local", chunk_points=RANDOM_BLOCK)
    pandas.testing.assert_frame_equal(frame, reference)


def test_a_local_dask_cluster_has_the_workers_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """--dask local --workers 1: one worker process of one thread, on loopback."""
    distributed = pytest.importorskip("dask.distributed")
    made: list[dict[str, Any]] = []
    real = distributed.LocalCluster

    def recorded(**kwargs: Any) -> Any:
        made.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", recorded)
    frame = sweep("correlation", {"alpha": "0.6:0.9:3", "beta": "0.75", "rho1": "indep"},
                  dask="local", workers=1)  # fmt: skip
    assert len(frame) == 3 and len(made) == 1
    assert (made[0]["n_workers"], made[0]["threads_per_worker"]) == (1, 1)
    assert made[0]["host"] == "127.0.0.1"


def test_a_lost_dask_worker_loses_no_points(reference: object, tmp_path: Path) -> None:
    """A Dask worker killed (SIGKILL) while chunks run: the scheduler runs its chunk
    again elsewhere and the table is the identical one."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0",
    )  # fmt: skip
    client = distributed.Client(cluster)
    try:
        out = tmp_path / "lost.parquet"
        result: dict[str, object] = {}

        def run() -> None:
            result["frame"] = sweep("correlation", GRID, dask=cluster.scheduler_address,
                                    out=out, chunk_points=RANDOM_BLOCK)  # fmt: skip

        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("part-*.parquet")):
            time.sleep(0.01)
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)
        assert len(list(out.glob("part-*.parquet"))) < 3  # killed while chunks were left
        worker.join(timeout=240)
        assert not worker.is_alive()
        pandas.testing.assert_frame_equal(result["frame"], reference)
    finally:
        client.close()
        cluster.close()


def test_a_failing_chunk_then_resume_gives_the_identical_table(
    reference: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "phase.parquet"
    real = sweep_run.classify_chunk

    def failing(spec, contracts, start, stop, skip):  # type: ignore[no-untyped-def]
        if start == 2 * RANDOM_BLOCK:
            raise RuntimeError("worker lost")
        return real(spec, contracts, start, stop, skip)

    monkeypatch.setattr(sweep_run, "classify_chunk", failing)
    with pytest.raises(RuntimeError, match="worker lost"):
        sweep("correlation", GRID, workers=1, out=out, chunk_points=RANDOM_BLOCK)
    chunks = sorted(p.name for p in out.glob("part-*.parquet"))
    sidecar = tmp_path / "phase.parquet.json"
    assert chunks == ["part-000000.parquet", "part-000001.parquet"] and not sidecar.exists()
    monkeypatch.setattr(sweep_run, "classify_chunk", real)
    with pytest.raises(ValueError, match="exists?; pass --resume or --force"):
        sweep("correlation", GRID, workers=1, out=out, chunk_points=RANDOM_BLOCK)
    calls = []
    monkeypatch.setattr(sweep_run, "classify_chunk", lambda *a: calls.append(a[2]) or real(*a))
    frame = sweep("correlation", GRID, workers=1, out=out, resume=True, chunk_points=RANDOM_BLOCK)
    assert calls == [2 * RANDOM_BLOCK]  # only the missing chunk was classified
    pandas.testing.assert_frame_equal(frame, reference)
    # the table on disk is the dataset of chunk files, read in point order
    pandas.testing.assert_frame_equal(pandas.read_parquet(out), reference, check_categorical=False)
    assert sidecar.exists() and not list(out.glob(".predshare-*"))


def test_resume_refuses_a_different_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "t.parquet"
    real = sweep_run.classify_chunk

    def second_fails(spec, contracts, start, stop, skip):  # type: ignore[no-untyped-def]
        if start > 0:
            raise RuntimeError("stop")
        return real(spec, contracts, start, stop, skip)

    monkeypatch.setattr(sweep_run, "classify_chunk", second_fails)
    with pytest.raises(RuntimeError):
        sweep("correlation", GRID, workers=1, out=out, chunk_points=RANDOM_BLOCK)
    other = dict(GRID, cost="0.5:1.5:4")
    with pytest.raises(ValueError, match="belong to a different sweep"):
        sweep("correlation", other, workers=1, out=out, resume=True, chunk_points=RANDOM_BLOCK)
    # what the folder records (README): a resume compares it whole
    manifest = json.loads((out / "_sweep.json").read_text())
    assert manifest == {"sweep": sweep_spec("correlation", GRID).describe(),
                        "contracts": ["no", "train", "infer", "full"],
                        "chunk_points": RANDOM_BLOCK, "skip_infeasible": False,
                        "table_version": 2}  # fmt: skip
    # a sweep stopped before its first chunk leaves no folder behind
    monkeypatch.setattr(sweep_run, "classify_chunk", _raise)
    with pytest.raises(RuntimeError):
        sweep("correlation", GRID, workers=1, out=tmp_path / "u.parquet", chunk_points=RANDOM_BLOCK)
    assert not (tmp_path / "u.parquet").exists()


def _raise(*args: object) -> None:
    raise RuntimeError("stop")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "predshare", "sweep", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_killed_sweep_resumes_to_the_identical_table(reference: object, tmp_path: Path) -> None:
    args = [*CLI_GRID, "--workers", "1", "--out", "phase.parquet"]
    process = subprocess.Popen(
        [sys.executable, "-m", "predshare", "sweep", *args],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    chunks = tmp_path / "phase.parquet"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(chunks.glob("part-*.parquet")):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = list(chunks.glob("part-*.parquet"))
    assert 1 <= len(done) < 3 and not (tmp_path / "phase.parquet.json").exists()
    result = _cli(*args, "--resume", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    table = pandas.read_parquet(tmp_path / "phase.parquet")
    pandas.testing.assert_frame_equal(table, reference, check_categorical=False)
    assert table["point"].is_unique and len(table) == 10800
    sidecar = json.loads((tmp_path / "phase.parquet.json").read_text())
    assert sidecar["rows"] == 10800 and sidecar["swept"] == ["alpha", "beta", "cost"]
    assert sidecar["irpo_sets"] == table["irpo_set"].astype(str).value_counts().to_dict()
    assert sidecar["exact_rechecked"] == int(table["exact_rechecked"].sum())


def test_csv_output_plot_and_summary(tmp_path: Path) -> None:
    result = _cli(
        "hypotheses", "--prior-i", "0.05:0.95:10", "--kappa", "1/10", "--lambda", "0:0.5:10",
        "--mu", "3/10", "--out", "h.csv", "--plot", "h.png", "--workers", "1", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = pandas.read_csv(tmp_path / "h.csv")
    summary = json.loads(result.stdout)
    assert summary["rows"] == len(table) == 100
    assert summary["irpo_sets"] == table["irpo_set"].value_counts().to_dict()
    png = (tmp_path / "h.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    # the sidecar has the README's keys, the execution's too
    from tests.readme import README, key_names

    text = README.read_text()
    documented = text[text.index("The sidecar's keys:") : text.index("`--json` prints a summary")]
    sidecar = json.loads((tmp_path / "h.csv.json").read_text())
    execution = {"workers", "dask", "chunk_points"}
    sweep_keys = {"setting", "family", "one_sample", "worlds", "parameters", "random", "seed"}
    versions = {"predshare", "python", "numpy", "pandas", "pyarrow", "dask", "distributed"}
    nested = execution | sweep_keys | versions
    assert set(sidecar) == key_names(documented) - nested
    assert set(sidecar["execution"]) == execution and sidecar["execution"]["workers"] == 1
    assert sidecar["sweep"] == {
        "setting": "hypotheses", "family": {"one_sample": False},
        "parameters": {"prior_i": "0.05:0.95:10", "kappa": "0.1", "lambda": "0:0.5:10",
                       "mu": "0.3"},
        "random": None, "seed": None, "points": 100}  # fmt: skip
    assert 0 < sidecar["seconds"] == round(sidecar["seconds"], 3) < 300
    assert sidecar["versions"] == {"python": platform.python_version(), **{
        p: _installed(p) for p in versions - {"python"}}}  # fmt: skip


def _installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def test_phase_plot_draws_one_panel_per_facet_value_and_a_legend(reference: object) -> None:
    figure = phase_plot(reference, x="alpha", y="beta")
    panels = [ax for ax in figure.axes if ax.axison]
    assert len(panels) == 3  # cost takes three values
    assert [ax.get_title() for ax in panels] == ["cost = 0.5", "cost = 1", "cost = 1.5"]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    expected = {
        region_label(s, u if isinstance(u, str) else None)
        for s, u in zip(reference["irpo_set"].astype(str),
                        reference["unique_irpo_up_to_equivalence"].astype(object))
    }  # fmt: skip
    assert expected == set(legend) - {"an IRPO contract has several equilibria"}
    assert "infer, full (tie)" in expected and "infer ~ full (equivalent)" in expected
    several = any(
        reference[f"{n}.equilibria"].gt(1).any() for n in ("no", "train", "infer", "full")
    )
    assert ("an IRPO contract has several equilibria" in legend) == bool(
        several and _irpo_several(reference)
    )


def _irpo_several(frame: object) -> bool:
    names = ["no", "train", "infer", "full"]
    mask = np.zeros(len(frame), dtype=bool)  # type: ignore[arg-type]
    for k, n in enumerate(names):
        mask |= ((frame["irpo"].to_numpy() >> k) & 1).astype(bool) & (  # type: ignore[index]
            frame[f"{n}.equilibria"].to_numpy() > 1  # type: ignore[index]
        )
    return bool(mask.any())


def test_marks_are_drawn_on_every_panel(reference: object) -> None:
    figure = phase_plot(reference, x="alpha", y="beta", marks=[(0.7, 0.6), (0.8, 0.9)])
    panels = [ax for ax in figure.axes if ax.axison]
    for ax in panels:
        stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
        assert sorted((float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in stars) == [
            (0.7, 0.6),
            (0.8, 0.9),
        ]
    assert "marked points" in [t.get_text() for t in figure.legends[0].get_texts()]


def test_region_labels() -> None:
    assert region_label("train", "train") == "train (unique IRPO)"
    assert region_label("no,train", "no") == "no ~ train (equivalent)"
    assert region_label("infer,full", None) == "infer, full (tie)"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--alpha", "0.5:0.5:4"], "--alpha|alpha = '0.5:0.5:4': empty range"),
        (["--alpha", "0.5:1:0"], "N = 0"),
        (["--alpha", "1:0.5:3"], "LO > HI"),
        (["--alpha", "0.5:1:5", "--world", "0.6"], "point 0 (alpha=0.5) is infeasible"),
        (["--alpha", "0.5:1:5", "--workers", "0"], "--workers = '0'"),
        (["--alpha", "0.5:1:5", "--set", "gamma=1"], "gamma = '1': not a parameter"),
        (["--alpha", "0.5:1:5", "--world", "indep:"], "--world = 'indep:'"),
        (["--alpha", "0.5:1:5", "--kappa", "0.1"], "--kappa: not used by correlation"),
        (["--alpha", "0.5:1:5", "--dask", "udp://x"], "dask = 'udp://x'"),
        (["--alpha", "0.5:1:5", "--resume"], "need --out"),
        (["--alpha", "0.6:1:5", "--world", "0.6"], "error: point 3 (alpha=0.9) is infeasible"),
    ],
)
def test_bad_sweeps_exit_2_with_one_line_and_write_nothing(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["sweep", "correlation", "--beta", "0.75", "--world", "indep"]
    if "--world" in args:
        base = ["sweep", "correlation", "--beta", "0.75"]
    code = main([*base, *args, "--out", str(tmp_path / "t.parquet")]) if "--resume" not in args \
        else main([*base, *args])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert any(part in err for part in message.split("|")), err
    assert list(tmp_path.iterdir()) == []


def test_skip_infeasible_says_how_many(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sweep", "correlation", "--alpha", "0.5:1:5", "--beta", "0.75", "--world", "0.6",
                 "--skip-infeasible", "--workers", "1", "--json"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    spec = sweep_spec("correlation", {"alpha": "0.5:1:5", "beta": "0.75", "rho1": "0.6"})
    infeasible = sum(spec.infeasibility(i) is not None for i in range(5))
    assert summary["skipped_infeasible"] == infeasible == 3 and summary["rows"] == 2


def test_the_table_says_how_many_points_were_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API's frame carries what the CLI's summary says: 3 of 5 points skipped (rho
    0.6 above alpha), the first of them named; with workers=1 every chunk is classified
    in this process (no pool is started)."""
    from solvers.sweep import run

    def no_pool(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a process pool was started for workers=1")

    monkeypatch.setattr(run, "_run_processes", no_pool)
    frame = sweep("correlation", {"alpha": "0.5:1:5", "beta": "0.75", "rho1": "0.6"},
                  skip_infeasible=True, workers=1)  # fmt: skip
    assert len(frame) == 2 and frame.attrs["skipped_infeasible"] == 3
    assert frame.attrs["first_infeasible"].startswith("point 0 (alpha=0.5): worlds[0].rho = 0.6")
    many = sweep("correlation", {"alpha": "0.5:1:100", "beta": "0.5:1:100", "rho1": "indep"},
                 workers=1, chunk_points=RANDOM_BLOCK)  # fmt: skip
    assert len(many) == 10**4 and many.attrs["skipped_infeasible"] == 0


def test_existing_output_is_refused_unless_resume_or_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.csv"
    out.write_text("keep me")
    args = ["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.75", "--world", "indep",
            "--workers", "1", "--out", str(out)]  # fmt: skip
    assert main(args) == 2
    assert "exists; pass --resume or --force" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert main([*args, "--force"]) == 0
    assert len(pandas.read_csv(out)) == 3


@pytest.mark.parametrize("out", ["t.csv", "t.parquet"])
def test_a_sidecar_that_cannot_be_written_is_refused_before_any_work(
    out: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OUT.json a directory: refused up front, not after the table is written."""
    (tmp_path / f"{out}.json").mkdir()
    args = ["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.75", "--world", "indep",
            "--workers", "1", "--out", str(tmp_path / out)]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    name = f"{tmp_path / out}.json"  # shown whole up to 80 characters, else cut at 77
    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
    assert err == f"predshare: error: --out sidecar path {shown}: is a directory\n", err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{out}.json"]


@pytest.mark.parametrize("fmt, suffix, what", [("parquet", ".json", "sidecar"),
                                                ("csv", ".chunks", "chunks")])  # fmt: skip
def test_the_names_beside_the_table_are_checked_at_the_longest_name_and_one_past(
    fmt: str, suffix: str, what: str, tmp_path: Path
) -> None:
    """The sidecar's name is the table's and ``.json``, a CSV table's chunk folder the
    table's and ``.chunks``: a table name that fits with one of them that does not is
    refused before any work."""
    grid = {"alpha": "0.6:0.9:3", "beta": "0.75", "rho1": "indep"}
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    fits = tmp_path / ("t" * (longest - len(suffix)))
    assert len(sweep("correlation", grid, out=fits, format=fmt, workers=1)) == 3
    assert (tmp_path / f"{fits.name}.json").is_file()
    over = tmp_path / ("u" * (longest - len(suffix) + 1))
    with pytest.raises(ValueError, match=f"^out {what} path .*longer than {longest} bytes"):
        sweep("correlation", grid, out=over, format=fmt, workers=1)
    assert not any(p.name.startswith("u") for p in tmp_path.iterdir())


def test_a_sidecar_that_becomes_unwritable_during_the_run_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked up front, the sidecar can still fail at the end (the path taken meanwhile):
    the error names the sidecar, and the finished chunks stay for --resume."""
    import solvers.sweep.execute as execute

    out = tmp_path / "t.parquet"
    real = execute.run_chunks

    def run_then_take_the_sidecar(*args: Any, **kwargs: Any) -> Any:
        done = real(*args, **kwargs)
        (tmp_path / "t.parquet.json").mkdir()
        return done

    monkeypatch.setattr(execute, "run_chunks", run_then_take_the_sidecar)
    grid = {"alpha": "0.6:0.9:3", "beta": "0.75", "rho1": "indep"}
    with pytest.raises(ValueError, match=r"^sidecar path '.*': is a directory$"):
        sweep("correlation", grid, out=out, workers=1)
    assert [p.name for p in out.iterdir() if p.suffix == ".parquet"] == ["part-000000.parquet"]


def test_an_unreachable_scheduler_fails_fast(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("dask.distributed")
    started = time.monotonic()
    code = main(["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.75", "--world",
                 "indep", "--dask", "tcp://127.0.0.1:9"])  # fmt: skip
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 2 and elapsed < 30
    assert "dask = 'tcp://127.0.0.1:9': no scheduler answered" in err and err.count("\n") == 1


def test_a_scheduler_that_accepts_and_never_answers_fails_within_seconds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A loopback socket that accepts connections and never replies behaves like a host
    that does not answer: one line and exit 2 within seconds, not a hang."""
    pytest.importorskip("dask.distributed")
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        code = main(["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.75",
                     "--world", "indep", "--dask", f"tcp://127.0.0.1:{port}"])  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        thread.join(2)
        for connection in held:
            connection.close()
        server.close()
    err = capsys.readouterr().err
    assert code == 2 and elapsed < 20, (code, elapsed, err)
    assert "no scheduler answered within" in err and err.count("\n") == 1


def test_a_handshake_that_never_ends_is_given_up_two_seconds_past_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """_connect waits DASK_TIMEOUT + 2 seconds for a client whose handshake hangs (Dask's
    own timeout not firing), then gives up in one line that says so."""
    from solvers.sweep import run

    monkeypatch.setattr(run, "DASK_TIMEOUT", 1)

    def hanging_client(address: str, timeout: str) -> None:
        assert timeout == "1s"
        time.sleep(30)

    started = time.monotonic()
    with pytest.raises(ValueError) as error:
        run._connect(hanging_client, "tcp://127.0.0.1:1")
    assert 3 <= time.monotonic() - started < 10
    assert str(error.value) == (
        "dask = 'tcp://127.0.0.1:1': no scheduler answered within 3 s (no answer to the handshake)"
    )


def _chunk_number(spec: Any, contracts: Any, start: int, stop: int, skip: Any, path: Any) -> int:
    """A stand-in for a worker's chunk (run._worker_chunk): its first point."""
    return start


def test_chunks_that_finish_together_are_taken_in_chunk_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process pool hands back chunks as they finish; those that finish together
    come in chunk order (here the pool is waited on until all four are done)."""
    from concurrent.futures import ALL_COMPLETED
    from concurrent.futures import wait as wait_for

    from solvers.sweep import run

    monkeypatch.setattr(run, "_worker_chunk", _chunk_number)  # forked workers see it too
    monkeypatch.setattr(
        run, "wait", lambda fs, return_when: wait_for(fs, return_when=ALL_COMPLETED)
    )
    spec = sweep_spec("correlation", {"alpha": "0.5:1:4", "beta": "0.75", "rho1": "indep"})
    jobs = [(i, (10 * i, 10 * i + 10)) for i in (3, 1, 0, 2)]
    done = list(run._run_processes(spec, ("no",), jobs, 2, False, tmp_path))
    assert done == [(0, 0), (1, 10), (2, 20), (3, 30)]


def test_a_closed_output_pipe_is_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """``predshare sweep ... | head -1``: the reader has gone; exit 0, no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    stream = os.fdopen(write_end, "w", buffering=1)
    monkeypatch.setattr(sys, "stdout", stream)
    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try:
        code = main(["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.75",
                     "--world", "indep", "--workers", "1"])  # fmt: skip
    finally:
        signal.signal(signal.SIGPIPE, previous)
    assert code == 0


def test_a_dry_run_estimates_and_runs_nothing(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "phase.parquet"
    code = main(["sweep", "correlation", "--alpha", "0.5:1:10000", "--beta", "0.5:1:10000",
                 "--world", "indep", "--world", "max", "--workers", "2", "--out", str(out),
                 "--dry-run", "--json"])  # fmt: skip
    estimate = json.loads(capsys.readouterr().out)
    assert code == 0 and estimate["points"] == 10**8 and estimate["workers"] == 2
    # point and irpo_set, 8 parameters, 4 x 6 + 6 verdict columns: 8 bytes each
    assert estimate["table_bytes"] == 10**8 * (2 + 8 + 30) * 8
    assert estimate["wall_seconds"] == estimate["cpu_seconds"] / 2 > 0
    assert 0 < estimate["output_bytes"] < estimate["table_bytes"]
    assert list(tmp_path.iterdir()) == []
    # the model (solvers.sweep.plan): 16 microseconds a point; Parquet at 63% of the
    # table, CSV at 2.2 bytes of text per byte; every worker of the machine by default
    assert (estimate["cpu_seconds"], estimate["wall_seconds"]) == (1600.0, 800.0)
    assert estimate["output_bytes"] == round(estimate["table_bytes"] * 0.63)
    assert estimate["out"] == str(out)
    csv = tmp_path / "phase.csv"
    code = main(["sweep", "correlation", "--alpha", "0.5:1:125", "--beta", "0.5:1:250",
                 "--world", "indep", "--out", str(csv), "--dry-run", "--json"])  # fmt: skip
    small = json.loads(capsys.readouterr().out)
    points = 125 * 250
    assert code == 0 and small["points"] == points
    assert small["workers"] == (os.cpu_count() or 1)
    assert small["table_bytes"] == points * (2 + 6 + 30) * 8 and small["out"] == str(csv)
    assert small["output_bytes"] == round(small["table_bytes"] * 2.2)
    assert small["cpu_seconds"] == 0.5  # points * 16e-6 s, to a tenth of a second
    assert list(tmp_path.iterdir()) == []


def test_a_large_sweep_says_what_it_will_take_before_it_starts(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import predshare.commands.sweep as command

    monkeypatch.setattr(command, "ANNOUNCE_FROM", 9)
    assert main(["sweep", "correlation", "--alpha", "0.6:0.9:3", "--beta", "0.6:0.9:3",
                 "--world", "indep", "--workers", "1"]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("predshare: sweep: 9 points, about 0 s on 1 worker")
    assert "in a scratch folder (no --out)" in err and "on disk" in err


def test_a_chunk_with_an_infeasible_point_names_the_first_one() -> None:
    """classify_chunk without skipping refuses its first infeasible point with the same
    line the sweep's fast pass gives (point 0 here: alpha 1/2, beta 3/4, rho 0.6 > 1/2)."""
    from solvers.sweep.run import classify_chunk, infeasible_message

    spec = sweep_spec("correlation", {"alpha": "0.5:1:5", "beta": "0.75", "rho1": "0.6"})
    with pytest.raises(ValueError) as error:
        classify_chunk(spec, ("no", "train", "infer", "full"), 0, 5, False)
    assert str(error.value) == infeasible_message(spec, 0)
    assert str(error.value).startswith("point 0 (alpha=0.5") and "--skip-infeasible" in str(
        error.value
    )


def test_the_table_has_the_documented_columns_in_order(reference: object) -> None:
    """README, "Columns of the table": every column its rows name, ``C.`` expanded over
    the standard contracts and "one per parameter" over the setting's parameters, from
    ``point`` to ``exact_rechecked``; the contract sets are categories and
    ``exact_rechecked`` is bool."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("Columns of the table (layout version 2") :].splitlines()
    rows = [line for line in section[4:] if line.startswith("|")]
    rows = rows[: next(i for i, line in enumerate(section[4:]) if not line.startswith("|"))]
    frame: Any = reference
    spec = sweep_spec("correlation", GRID)
    contracts = [c.split(".")[0] for c in frame.columns if c.endswith(".equilibria")]
    expected: list[str] = []
    for row in rows:
        cell = row.split("|")[1]
        if "one per parameter" in cell:
            expected += list(spec.family.parameters)
            continue
        for name in re.findall(r"`([^`]+)`", cell):
            if name.startswith("C."):
                continue
            expected.append(name)
        per_contract = [n[2:] for n in re.findall(r"`(C\.[a-z0-9_]+)`", cell)]
        if per_contract:
            expected += [f"{c}.{key}" for c in contracts for key in per_contract]
    # the per-contract rows are listed key by key in the README, contract by contract here
    assert contracts == ["no", "train", "infer", "full"]
    assert sorted(frame.columns) == sorted(expected)
    assert frame.columns[0] == "point" and frame.columns[-1] == "exact_rechecked"
    assert frame["exact_rechecked"].dtype == bool
    for key in ("irpo_set", "unique_irpo", "unique_irpo_up_to_equivalence"):
        assert frame[key].dtype == "category", key
