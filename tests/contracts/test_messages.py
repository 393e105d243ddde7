"""Error messages name the field, the value and the rule, exactly."""

from __future__ import annotations

import os

import pytest

from contracts import Utility, correlation, load_environment
from contracts.files import read_text_file


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: Utility.matching().scaled(0), "factor = 0: must be positive"),
        (lambda: Utility.matching().scaled("-1/3"), "factor = -1/3: must be positive"),
        (
            lambda: Utility.matching().scaled("two"),
            "factor = 'two': must be a finite number (decimal or p/q)",
        ),
        (
            lambda: correlation("0.8", "0.7", [("indep", 1)], reward="x"),
            "reward = 'x': must be a finite number (decimal or p/q)",
        ),
        (
            lambda: correlation("0.8", "0.7", [("indep", 1)], cost="x"),
            "cost = 'x': must be a finite number (decimal or p/q)",
        ),
        (
            lambda: correlation("0.8", "0.7", [("indep", 1)], reward=0),
            "reward = 0: must be positive",
        ),
        (
            lambda: correlation("x", "0.7", [("indep", 1)]),
            "alpha = 'x': must be a finite number (decimal or p/q)",
        ),
        (
            lambda: correlation("0.8", "2", [("indep", 1)]),
            "beta = 2: must be a probability in [0, 1]",
        ),
        (
            lambda: correlation("0.8", "0.7", []),
            "worlds = []: must list at least one (rho, prior) pair",
        ),
    ],
)
def test_model_errors_are_exact(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


def test_a_missing_environment_file_is_named():
    with pytest.raises(ValueError) as error:
        load_environment("no-such-file.json")
    assert str(error.value) == (
        "environment file 'no-such-file.json': cannot be read (No such file or directory)"
    )


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("x" * 100)
    assert read_text_file(path, "file", limit=100) == "x" * 100
    path.write_text("x" * 101)
    with pytest.raises(ValueError) as error:
        read_text_file(path, "file", limit=100)
    assert str(error.value) == f"file {str(path)!r}: 101 bytes: at most 100 bytes are read"


def test_a_file_longer_than_one_read_comes_back_whole(tmp_path):
    """Read a mebibyte at a time, a longer file is the concatenation of its reads."""
    path = tmp_path / "f.txt"
    text = "".join(f"{i}\n" for i in range(300_000))  # about 2 MiB: three reads
    path.write_text(text)
    assert read_text_file(path, "file", limit=len(text)) == text


def test_non_utf8_files_are_refused(tmp_path):
    path = tmp_path / "f.json"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ValueError, match="is not UTF-8 text"):
        load_environment(path)


def test_a_file_larger_than_its_reported_size_is_read_only_to_the_limit(monkeypatch):
    """/proc files report a size of 0 and hold more: the bytes are counted as they are
    read (here 100 at a time), and reading stops past the limit."""
    import contracts.files as files

    real_read = os.read
    monkeypatch.setattr(files.os, "read", lambda fd, n: real_read(fd, min(n, 100)))
    status = "/proc/self/status"
    assert os.stat(status).st_size == 0
    assert len(read_text_file(status, "file", limit=10**6)) > 500
    with pytest.raises(ValueError) as error:
        read_text_file(status, "file", limit=500)
    assert str(error.value) == "file '/proc/self/status': larger than 500 bytes"


def test_output_errors_name_the_output():
    from contracts.files import write_text_atomically

    with pytest.raises(ValueError) as error:
        write_text_atomically("/no/such/dir/out.json", "x")
    assert str(error.value) == (
        "output path '/no/such/dir/out.json': directory '/no/such/dir' does not exist"
    )


def test_an_output_path_that_cannot_be_examined_says_why(tmp_path, monkeypatch):
    """A symbolic link to itself cannot be examined (ELOOP): refused with the system's
    reason, before anything is written."""
    from contracts.files import output_target

    monkeypatch.chdir(tmp_path)  # a short name, shown whole
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    with pytest.raises(ValueError) as error:
        output_target("loop.json", "out")
    reason = "Too many levels of symbolic links"
    assert str(error.value) == f"out path 'loop.json': cannot be used ({reason})"


def test_an_output_folder_is_refused_naming_the_path_and_rule(tmp_path):
    """An empty name or one with a NUL byte, and a special file where a Parquet folder
    should go (a link to /dev/null, its long path shown as its first 77 characters)."""
    from contracts.files import output_folder

    for name, shown in (("", "''"), ("a\0b", "'a\\x00b'")):
        with pytest.raises(ValueError) as error:
            output_folder(name, "out")
        assert str(error.value) == f"out path {shown}: must be a non-empty file name"
    link = tmp_path / ("t" * 90)
    link.symlink_to("/dev/null")
    with pytest.raises(ValueError) as error:
        output_folder(link, "out")
    shown = repr(str(link)[:77] + "...")
    assert str(error.value) == (
        f"out path {shown}: is a special file; a Parquet table is a folder of files"
    )
    assert output_folder(tmp_path / "table", "out") == tmp_path / "table"  # absent: fine
    (tmp_path / "done").mkdir()
    assert output_folder(tmp_path / "done", "out") == tmp_path / "done"  # an earlier table
    (tmp_path / "file").write_text("")
    assert output_folder(tmp_path / "file", "out") == tmp_path / "file"  # replaced by --force


def test_an_output_folder_name_is_checked_at_the_longest_name_and_one_past(tmp_path):
    """A name one byte too long is the one-line refusal, not the OSError of looking it up."""
    from contracts.files import output_folder

    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    assert output_folder(tmp_path / ("t" * longest), "out") == tmp_path / ("t" * longest)
    with pytest.raises(ValueError) as error:
        output_folder(tmp_path / ("t" * (longest + 1)), "out")
    assert str(error.value).endswith(f": the file name is longer than {longest} bytes")


@pytest.mark.parametrize("alphabet", ["t1", "t2", "s1", "s2"])
def test_each_alphabet_limit_names_its_alphabet(alphabet):
    from contracts.limits import MAX_LABELS, check_environment_size

    sizes = {"t1": 1, "t2": 1, "s1": 1, "s2": 1, alphabet: MAX_LABELS + 1}
    with pytest.raises(ValueError) as error:
        check_environment_size(1, sizes["t1"], sizes["t2"], sizes["s1"], sizes["s2"])
    assert str(error.value) == (
        f"labels of {alphabet}: {MAX_LABELS + 1} given: at most {MAX_LABELS} labels per alphabet"
    )


def test_a_float_input_past_the_limits_names_its_field():
    from contracts.numbers import to_fraction

    with pytest.raises(ValueError) as error:
        to_fraction(1e-300, "prior")
    assert str(error.value) == "prior = '1e-300': the exponent must be within -100..100"
