"""Hostile input: refused at once, in one line naming the field and the rule, exit code 2,
nothing half-written. Every case here is refused by a check that runs before any work
that grows with the input (the number parser, contracts.limits, the file reader, the
output-path check), so each test is bounded by that design; one subprocess test also
runs the heaviest inputs under a 1 GiB address-space limit."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pytest

import predshare as ps
from contracts import environment_to_dict, worked_cases
from contracts.files import atomic_output, write_text_atomically
from contracts.limits import MAX_LABELS, MAX_WORLDS
from tests.predshare.cli_cases import HYPOTHESES, run

CORRELATION = ["correlation", "--alpha", "0.8", "--beta", "0.7", "--world", "indep:1"]


def refused(args, capsys, *fragments):
    code, out, err = run(args, capsys)
    assert code == 2, err
    assert err.startswith("predshare: error:") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


@pytest.mark.parametrize(
    "args, fragments",
    [
        (
            [
                "solve",
                "correlation",
                "--alpha",
                "1e1000000000",
                "--beta",
                "0.7",
                "--world",
                "indep:1",
            ],
            ["--alpha", "exponent must be within -100..100"],
        ),
        (
            [
                "solve",
                "hypotheses",
                "--prior-i",
                "1e-1000000000",
                "--kappa",
                "1/10",
                "--lambda",
                "0",
                "--mu",
                "0",
            ],
            ["--prior-i", "exponent"],
        ),
        (["solve", *CORRELATION, "--reward", "1e400"], ["--reward", "exponent"]),
        (["solve", *CORRELATION, "--cost", "1e400"], ["--cost", "exponent"]),
        (["bargain", *HYPOTHESES, "--transfers", "--cap", "1e400"], ["--cap", "exponent"]),
        (["bargain", *HYPOTHESES, "--weights", "1e400:1"], ["--weights", "exponent"]),
        (["bargain", *HYPOTHESES, "--weights", "1:1e-400"], ["--weights", "exponent"]),
        (["solve", *CORRELATION, "--reward", "7" * 5000], ["--reward", "too long for a number"]),
        (["solve", *CORRELATION, "--reward", "7" * 150], ["--reward", "at most 100"]),
        (["solve", *CORRELATION, "--cost", "1/" + "3" * 120], ["--cost", "at most 100"]),
        (["verify", "--samples", "10000000"], ["samples = 10000000", "between 1 and 4096"]),
        (["solve", "corelation", "--alpha", "1"], ["'corelation'", "did you mean 'correlation'"]),
    ],
)
def test_oversized_numbers_and_counts_are_refused(args, fragments, capsys):
    refused(args, capsys, *fragments)


def test_too_many_worlds_are_refused_before_building(capsys):
    worlds = [a for _ in range(MAX_WORLDS + 1) for a in ("--world", f"indep:1/{MAX_WORLDS + 1}")]
    args = ["solve", "correlation", "--alpha", "0.8", "--beta", "0.7", *worlds]
    refused(args, capsys, f"at most {MAX_WORLDS} worlds")


def _environment_file(tmp_path, change):
    data = environment_to_dict(worked_cases()["correlation-0.8-0.7"])
    change(data)
    path = tmp_path / "env.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "change, fragments",
    [
        (
            lambda d: d["labels"].update(t1=[str(i) for i in range(10_000)]),
            ["labels.t1", f"at most {MAX_LABELS}"],
        ),
        (
            lambda d: d["labels"].update(s2=[str(i) for i in range(100_000)]),
            ["labels.s2", f"at most {MAX_LABELS}"],
        ),
        (lambda d: d["worlds"][0].update(prior="1e-999999999"), ["worlds[0].prior", "exponent"]),
        (lambda d: d.update(worlds=[d["worlds"][0]] * 100), ["at most 64 worlds"]),
        (
            lambda d: d["worlds"][0].update(training=[["0", "0", "1/2"]] * 20000),
            ["worlds[0].training", "20000 rows"],
        ),
    ],
)
def test_oversized_environment_files_are_refused(change, fragments, tmp_path, capsys):
    refused(["solve", str(_environment_file(tmp_path, change))], capsys, *fragments)


def test_a_json_integer_of_thousands_of_digits_is_refused_by_predshare(tmp_path, capsys):
    path = tmp_path / "env.json"
    text = json.dumps(environment_to_dict(worked_cases()["correlation-0.8-0.7"]))
    path.write_text(text.replace('"R1": "1"', '"R1": ' + "9" * 5000))
    err = refused(["solve", str(path)], capsys, "5000 digits")
    assert "4300" not in err  # not Python's internal message


def test_labels_beyond_the_limit_in_rows_are_refused(tmp_path, capsys):
    def many_labels(d):
        del d["labels"]
        d["worlds"][0]["training"] = [
            [str(i), "0", f"1/{MAX_LABELS + 1}"] for i in range(MAX_LABELS + 1)
        ]

    refused(
        ["solve", str(_environment_file(tmp_path, many_labels))],
        capsys,
        "labels of t1",
        f"at most {MAX_LABELS}",
    )


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "directory", "fifo"])
def test_special_files_are_refused_as_environments(special, tmp_path, capsys):
    if special == "directory":
        special = str(tmp_path)
    elif special == "fifo":
        special = str(tmp_path / "pipe")
        os.mkfifo(special)  # nobody writes: reading it blockingly would hang for ever
    refused(["solve", special], capsys, "is not a regular file")


def test_an_environment_file_larger_than_the_limit_is_refused(tmp_path, capsys, monkeypatch):
    import contracts.files as files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    path = _environment_file(tmp_path, lambda d: None)
    refused(["solve", str(path)], capsys, "at most 100 bytes")


def test_hostile_inputs_stay_under_a_gibibyte(tmp_path):
    """The heaviest refusals, in a subprocess whose address space is capped at 1 GiB: a
    MemoryError or a crash there fails the test instead of passing unnoticed."""
    big = _environment_file(
        tmp_path, lambda d: d["labels"].update(t1=[str(i) for i in range(100_000)])
    )
    worlds = " ".join("--world indep:1/300" for _ in range(300))
    script = f"""
import sys
from predshare.cli import main
codes = [
    main(["solve", {str(big)!r}]),
    main("solve correlation --alpha 0.8 --beta 0.7 {worlds}".split()),
    main(["solve", "/dev/zero"]),
    main(["solve", "correlation", "--alpha", "1e1000000000", "--beta", "0.7", "--world", "indep:1"]),
]
sys.exit(0 if codes == [2, 2, 2, 2] else 1)
"""

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        preexec_fn=cap_memory,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("predshare: error:") == 4


# ----------------------------------------------------------------- output paths
def test_output_onto_a_directory_is_refused(tmp_path, capsys):
    refused(["solve", *HYPOTHESES, "--output", str(tmp_path)], capsys, "is a directory")


def test_output_into_proc_is_refused_before_solving(capsys):
    refused(
        ["environment", *CORRELATION, "--output", "/proc/predshare.json"],
        capsys,
        "cannot create a file",
    )


def test_output_with_a_300_character_name_is_refused(tmp_path, capsys):
    refused(["solve", *HYPOTHESES, "--output", str(tmp_path / ("a" * 300))], capsys, "longer than")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag", ["--plot", "--output"])
def test_bargain_outputs_onto_a_fifo_are_refused(flag, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(["bargain", *HYPOTHESES, flag, str(fifo)], capsys, "special file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_through_a_symlink_keeps_the_link(tmp_path, capsys):
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, _, err = run(["environment", *CORRELATION, "--output", str(link)], capsys)
    assert code == 0, err
    assert link.is_symlink() and json.loads(target.read_text())["format"]


def test_output_onto_a_character_device_writes_through(capsys):
    code, _, err = run(["environment", *CORRELATION, "--output", "/dev/null"], capsys)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_new_outputs_follow_the_umask_and_replaced_ones_keep_their_mode(tmp_path):
    previous = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.txt"
        write_text_atomically(fresh, "x")
        assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o640
    finally:
        os.umask(previous)
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    os.chmod(kept, 0o604)
    write_text_atomically(kept, "new")
    assert kept.read_text() == "new" and stat.S_IMODE(os.stat(kept).st_mode) == 0o604


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_write_leaves_no_temporary_file(interruption, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("before")
    with pytest.raises(interruption):
        with atomic_output(target) as handle:
            handle.write(b"half")
            raise interruption
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text() == "before"


# ----------------------------------------------------------------- the API
@pytest.mark.parametrize(
    "alpha", [np.float64(0.8), np.float32(0.8), Decimal("0.8"), F(4, 5), "4/5", 0.8]
)
def test_numpy_scalars_and_decimals_are_numbers(alpha):
    env = ps.correlation(alpha, np.float64(0.7), [("indep", np.int64(1))])
    assert env == ps.correlation("0.8", "0.7", [("indep", 1)])


@pytest.mark.parametrize(
    "value, fragment",
    [
        (np.bool_(True), "not a boolean"),
        pytest.param(10**5000, r"at most 10\^100", id="huge-int"),
        (F(1, 10**200), r"at most 10\^100"),
        (1e-300, "exponent"),
        (float("inf"), "finite"),
    ],
)
def test_the_api_refuses_unrepresentable_numbers_with_value_errors(value, fragment):
    with pytest.raises(ValueError, match=fragment):
        ps.correlation(value, "0.7", [("indep", 1)])


@pytest.mark.parametrize("weights", ["0.61803399:1", "1234567/7654321:1"])
def test_nash_weights_with_many_digits_solve_exactly_and_agree_with_cvxpy(weights, capsys):
    """The polygon method never raises the weights to powers: the answer comes at once and
    equals cvxpy's."""
    code, out, err = run(["bargain", *HYPOTHESES, "--weights", weights, "--json"], capsys)
    assert code == 0, err
    exact = json.loads(out)["payoff"]
    code, out, err = run(
        ["bargain", *HYPOTHESES, "--weights", weights, "--json", "--method", "cvxpy"], capsys
    )
    assert code == 0, err
    assert all(abs(a - b) <= 1e-6 for a, b in zip(exact, json.loads(out)["payoff"]))


def test_a_component_beyond_enumeration_is_searched_and_its_limit_names_the_methods(
    capsys, monkeypatch
):
    """24 x 24 cells: past enumeration (22 a side), solved by backtracking; should the
    search run out of nodes, the one-line error names the methods that still answer."""
    import solvers.equilibria.pure

    worlds = [a for _ in range(12) for a in ("--world", "indep:1/12")]
    args = ["solve", "correlation", "--alpha", "0.8", "--beta", "0.7", *worlds]
    code, out, err = run(args, capsys)
    assert code == 0 and "24x24" in out, err
    monkeypatch.setattr(solvers.equilibria.pure, "MAX_NODES", 0)
    refused(args, capsys, "component with 24 x 24 cells", "needed more than 0 nodes",
            "use method 'potential'", "'milp'")  # fmt: skip


def test_markdown_onto_a_directory_is_refused_before_verifying(tmp_path, capsys):
    refused(
        ["verify", "--claim", "7", "--markdown", str(tmp_path)],
        capsys,
        "--markdown path",
        "is a directory",
    )


def test_help_explains_every_setting_flag(capsys):
    with pytest.raises(SystemExit):
        run(["solve", "--help"], capsys)
    text = capsys.readouterr().out
    assert "(1 - kappa)" in text and "lambda + mu <= 1" in text and "incidence" in text
    assert "MODEL.md section 5" in text and "MODEL.md section 6" in text


# ----------------------------------------------------------------- counts, schemas, keys
@pytest.mark.parametrize(
    "args, message",
    [
        (["data", "--resamples", "1000000000"], "resamples = 1000000000: must be at most 1,000"),
        (["data", "--resamples", "1001"], "resamples = 1001: must be at most 1,000"),
        (["data", "--bootstrap", "1000000000"], "bootstrap = 1000000000: must be at most 100,000"),
        (["data", "--bootstrap", "100001"], "must be at most 100,000"),
        (["bench", "--rounds", "1000000000"], "--rounds = '1000000000': must be at most 1000"),
        (["bench", "--rounds", "1001"], "must be at most 1000"),
    ],
)
def test_every_count_has_a_maximum_checked_before_any_work(args, message, capsys):
    refused(args, capsys, message)


def test_counts_at_their_maximum_are_accepted() -> None:
    from predshare.data.pipeline import MAX_BOOTSTRAP, MAX_RESAMPLES, DataConfig

    config = DataConfig(resamples=MAX_RESAMPLES, bootstrap=MAX_BOOTSTRAP)
    assert (config.resamples, config.bootstrap) == (1000, 100_000)


def test_bench_compare_of_another_schema_is_refused(tmp_path, capsys):
    other = tmp_path / "other.json"
    other.write_text('{"schema": "other", "cases": []}')
    refused(["bench", "--compare", str(other), "--out", str(tmp_path)], capsys,
            "schema 'other', must be 'predshare.bench/2'")  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json"]


def test_a_duplicate_key_in_an_environment_file_is_refused(tmp_path, capsys):
    path = tmp_path / "env.json"
    text = _environment_file(tmp_path, lambda d: None).read_text()
    path.write_text(text.replace('"name":', '"name": "first", "name":', 1))
    refused(["solve", str(path)], capsys, "key 'name' appears twice")


def test_segments_naming_the_label_column_is_refused(capsys):
    pytest.importorskip("sklearn", reason="the data extra is not installed")
    refused(["data", "--segments", "Class", "--train-sizes", "100", "--resamples", "2"], capsys,
            "segments = 'Class': is the label column")  # fmt: skip


def test_a_csv_whose_features_are_all_empty_nan_or_infinite_is_one_line(tmp_path, capsys):
    pytest.importorskip("sklearn", reason="the data extra is not installed")
    rows = ["y,a,b"] + [f"{k % 2},{'' if k % 3 else 'nan'},{'inf' if k % 2 else '-inf'}"
                        for k in range(400)]  # fmt: skip
    path = tmp_path / "loans.csv"
    path.write_text("\n".join(rows) + "\n")
    err = refused(["data", "--dataset", str(path), "--label", "y", "--train-sizes", "50"], capsys,
                  "every value is empty, NaN or infinite")  # fmt: skip
    assert "Warning" not in err
