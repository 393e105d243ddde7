"""What the commands share: the progress bar draws on a terminal and nowhere else, and
whole-number flags are refused with the flag's name."""

from __future__ import annotations

import io

import pytest

from predshare.commands.common import ProgressBar, UsageError, count, whole_number


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal() -> None:
    stream = Terminal()
    bar = ProgressBar("solving", total=4, stream=stream, interval=0)
    bar.step("no")
    bar.step("train")
    drawn = stream.getvalue()
    bar.close()
    assert bar.enabled and bar.done == 2
    assert "solving" in drawn and "2/4" in drawn and "train" in drawn


def test_the_progress_bar_follows_a_total_that_grows() -> None:
    stream = Terminal()
    bar = ProgressBar("sweeping", total=1, stream=stream, unit="points", interval=0)
    bar.total = 8192
    bar.update(4096)
    assert "4.10k/8.19k" in stream.getvalue()
    bar.close()


def test_the_progress_bar_is_silent_off_a_terminal() -> None:
    stream = io.StringIO()
    bar = ProgressBar("solving", total=4, stream=stream)
    for _ in range(4):
        bar.step("x")
    bar.close()
    assert not bar.enabled and bar.done == 4 and stream.getvalue() == ""


@pytest.mark.parametrize("text, least", [("0", 1), ("-3", 0), ("1.5", 1), ("1e3", 1),
                                         ("1234567890123", 1), ("", 1)])  # fmt: skip
def test_a_bad_whole_number_names_the_flag_and_the_rule(text: str, least: int) -> None:
    with pytest.raises(
        ValueError, match=rf"--workers = {text!r}: must be a whole number >= {least}"
    ):
        whole_number(text, "--workers", least)
    with pytest.raises(UsageError):
        count(text, "--workers", least)


def test_whole_numbers_at_their_boundaries() -> None:
    assert whole_number("1", "--n") == 1 and whole_number("0", "--n", least=0) == 0
    assert whole_number(" 999999999999 ", "--n") == 999999999999
    assert count(None, "--n") is None


def test_stage_bars_keep_one_bar_per_stage() -> None:
    from predshare.commands.common import StageBars

    bars = StageBars()
    bars("training", 1, 4)
    bars("training", 3, 4)
    bars("bootstrap", 2, 5)
    bars.close()
    assert list(bars.bars) == ["training", "bootstrap"]
    assert (bars.bars["training"].done, bars.bars["training"].total) == (3, 4)
    assert (bars.bars["bootstrap"].done, bars.bars["bootstrap"].total) == (2, 5)
