"""Every input limit at its boundary: the largest accepted value passes and the next one
is refused with a message naming the limit (README, "Limits")."""

from __future__ import annotations

from fractions import Fraction

import pytest

from contracts.limits import MAX_JOINT_ENTRIES, MAX_LABELS, MAX_WORLDS, check_environment_size
from contracts.numbers import MAX_DIGITS, MAX_EXPONENT, to_fraction
from contracts.settings import (
    MAX_COUNT_SAMPLES,
    MAX_SAMPLES,
    count_training,
    hypotheses_signal_table,
    two_hypotheses,
)
from contracts.terms import MAX_HORIZON, MAX_MONEY, MAX_VOLUME, terms_from_dict


def test_worlds_and_labels() -> None:
    check_environment_size(MAX_WORLDS, 1, 1, 1, 1)
    with pytest.raises(ValueError, match=f"at most {MAX_WORLDS} worlds"):
        check_environment_size(MAX_WORLDS + 1, 1, 1, 1, 1)
    check_environment_size(1, MAX_LABELS, 1, 1, 1)
    with pytest.raises(ValueError, match=f"at most {MAX_LABELS} labels"):
        check_environment_size(1, MAX_LABELS + 1, 1, 1, 1)


def test_the_joint_table() -> None:
    """|T1| |T2| 2 |S1| |S2| = 2^18 passes; one more signal of firm 2 does not."""
    check_environment_size(1, 128, 128, 4, 2)  # exactly MAX_JOINT_ENTRIES
    assert 128 * 128 * 2 * 4 * 2 == MAX_JOINT_ENTRIES
    with pytest.raises(ValueError, match="may have at most"):
        check_environment_size(1, 128, 128, 4, 3)


def test_numbers() -> None:
    """A written mantissa of 100 digits, a value of 10^100 and an exponent of 100 pass;
    one digit, one unit or one power of ten more does not."""
    assert to_fraction("9" * MAX_DIGITS, "x") == 10**MAX_DIGITS - 1
    with pytest.raises(ValueError, match=f"has {MAX_DIGITS + 1} digits"):
        to_fraction("9" * (MAX_DIGITS + 1), "x")
    assert to_fraction(f"1e{MAX_EXPONENT}", "x") == 10**100
    with pytest.raises(ValueError, match="may be at most 10\\^100"):
        to_fraction(f"2e{MAX_EXPONENT}", "x")
    with pytest.raises(ValueError, match="within -100..100"):
        to_fraction(f"1e{MAX_EXPONENT + 1}", "x")
    assert to_fraction(f"1e-{MAX_EXPONENT}", "x") == Fraction(1, 10**MAX_EXPONENT)
    with pytest.raises(ValueError, match="within -100..100"):
        to_fraction(f"1e-{MAX_EXPONENT + 1}", "x")


def test_labelled_examples_in_both_games() -> None:
    """N = 10 is the largest count game ((N + 1)^2 = 121 labels of 128), N = 125 the
    largest merged one (N + 3 = 128)."""
    assert MAX_COUNT_SAMPLES == 10 and (MAX_COUNT_SAMPLES + 2) ** 2 > MAX_LABELS
    tables = [hypotheses_signal_table(Fraction(1, 5), Fraction(3, 10), Fraction(2, 5), w)
              for w in ("I", "II")]  # fmt: skip
    labels, _ = count_training(tables, MAX_COUNT_SAMPLES)
    assert len(labels) == (MAX_COUNT_SAMPLES + 1) ** 2 <= MAX_LABELS
    with pytest.raises(ValueError, match="must be between 1 and 10"):
        two_hypotheses("1/2", "1/5", "3/10", "2/5", samples=MAX_COUNT_SAMPLES + 1)
    env = two_hypotheses("1/2", "1/5", "3/10", "2/5", samples=MAX_SAMPLES, types="posterior")
    assert len(env.training_labels[0]) == MAX_LABELS
    with pytest.raises(ValueError, match="must be between 1 and 125"):
        two_hypotheses("1/2", "1/5", "3/10", "2/5", samples=MAX_SAMPLES + 1, types="posterior")


@pytest.mark.parametrize(
    ("key", "most"),
    [("loans_per_month", MAX_VOLUME), ("horizon_months", MAX_HORIZON)],
)
def test_volume_and_horizon(key: str, most: int) -> None:
    assert terms_from_dict({"volume": {key: most}}) is not None
    with pytest.raises(ValueError, match=f"volume.{key} = {most + 1}"):
        terms_from_dict({"volume": {key: most + 1}})


def test_money() -> None:
    terms_from_dict({"firm1": {"give_model": {"setup": MAX_MONEY}}})
    with pytest.raises(ValueError, match="firm1.give_model.setup"):
        terms_from_dict({"firm1": {"give_model": {"setup": MAX_MONEY + 1}}})


def test_the_common_denominator() -> None:
    """An odd denominator of exactly MAX_DENOMINATOR_BITS bits passes and one bit more is
    refused; two coprime denominators of 2,101 bits each pass alone, but their least
    common multiple (4,201 bits) does not."""
    from contracts.limits import MAX_DENOMINATOR_BITS, check_common_denominator

    widest = 2**MAX_DENOMINATOR_BITS - 1
    assert widest % 3 == 0  # 2^4096 - 1: a third denominator of 3 adds no bit
    check_common_denominator([Fraction(1, widest), Fraction(1, 3)])
    with pytest.raises(ValueError) as error:
        check_common_denominator([Fraction(1, 2**MAX_DENOMINATOR_BITS + 1)])
    assert str(error.value) == (
        f"numbers: their common denominator exceeds 2^{MAX_DENOMINATOR_BITS}, too large for "
        "exact arithmetic: round the probabilities (e.g. to 12 decimals)"
    )
    a, b = 2**2100 - 1, 2**2100 + 1
    check_common_denominator([Fraction(1, a)])
    check_common_denominator([Fraction(1, b)])
    with pytest.raises(ValueError, match="exceeds"):
        check_common_denominator([Fraction(1, a), Fraction(1, b)])


def test_labelled_examples_a_month() -> None:
    """MAX_GROWTH labelled examples a month pass; one more, or a negative count, is refused
    with the firm's own field named."""
    from contracts.terms import MAX_GROWTH

    terms = terms_from_dict({"firm2": {"labelled_per_month": MAX_GROWTH}})
    assert terms.firms[1].labelled_per_month == MAX_GROWTH
    with pytest.raises(ValueError) as error:
        terms_from_dict({"firm2": {"labelled_per_month": MAX_GROWTH + 1}})
    assert str(error.value) == (
        f"firm2.labelled_per_month = {MAX_GROWTH + 1}: must be at most {MAX_GROWTH:,}"
    )
    with pytest.raises(ValueError, match=r"^firm1\.labelled_per_month = -1: must be nonneg"):
        terms_from_dict({"firm1": {"labelled_per_month": -1}})


def test_the_size_of_a_terms_file(tmp_path) -> None:
    """A terms file of MAX_TERMS_BYTES bytes is read; one byte more is refused before
    parsing, though it is far below the general file limit."""
    from contracts.files import MAX_FILE_BYTES
    from contracts.terms import MAX_TERMS_BYTES, load_terms

    assert MAX_TERMS_BYTES < MAX_FILE_BYTES
    head = "[volume]\nhorizon_months = 7\n#"
    path = tmp_path / "terms.toml"
    path.write_text(head + "x" * (MAX_TERMS_BYTES - len(head) - 1) + "\n")
    assert path.stat().st_size == MAX_TERMS_BYTES
    assert load_terms(str(path)).horizon == 7
    path.write_text(head + "x" * (MAX_TERMS_BYTES - len(head)) + "\n")
    with pytest.raises(ValueError) as error:
        load_terms(str(path))
    assert str(error.value) == (
        f"--terms {str(path)!r}: {MAX_TERMS_BYTES + 1} bytes: at most {MAX_TERMS_BYTES} "
        "bytes are read"
    )
