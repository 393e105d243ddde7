"""The number parser: exact values of every written form, and its bounds at the edge."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import numpy as np
import pytest

from contracts.numbers import (
    MAX_DIGITS,
    MAX_EXPONENT,
    check_sums_to_one,
    format_number,
    fraction_text,
    parse_decimal,
    to_fraction,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1e3", F(1000)),
        ("2.5E-2", F(1, 40)),
        ("-.5", F(-1, 2)),
        ("5.", F(5)),
        ("+0.75", F(3, 4)),
        ("1e+2", F(100)),
        ("12e0", F(12)),
        ("0.1", F(1, 10)),
        ("-3.25e1", F(-65, 2)),
        ("0e5", F(0)),
        ("1e0099", F(10**99)),
        ("0" * 150 + "1", F(1)),  # leading zeros are not digits of the value
        ("7/8", F(7, 8)),
        (" 3 / 4 ", F(3, 4)),
        ("0.5/0.25", F(2)),
        ("-1/3", F(-1, 3)),
        ("1e-100", F(1, 10**100)),
        ("1e100", F(10**100)),
        ("9" * MAX_DIGITS, F(10**MAX_DIGITS - 1)),
    ],
)
def test_written_numbers_have_their_exact_values(text, value):
    assert to_fraction(text, "x") == value


@pytest.mark.parametrize(
    "text, fragment",
    [
        (f"1e{MAX_EXPONENT + 1}", "exponent must be within -100..100"),
        (f"1e-{MAX_EXPONENT + 1}", "exponent must be within"),
        ("1e00101", "exponent must be within"),
        ("1e1000000000", "exponent must be within"),
        ("9" * (MAX_DIGITS + 1), f"has {MAX_DIGITS + 1} digits"),
        ("1" + "0" * MAX_DIGITS + "1", "digits"),
        ("3/1e-100", "at most 10^100"),  # the quotient's numerator is 3 * 10^100
        ("1/0", "the denominator is zero"),
        ("1e", "must be a finite number"),
        (".", "must be a finite number"),
        ("", "must be a finite number"),
        ("x/y", "'x/y'"),  # the message shows the whole value
        ("inf", "must be a finite number"),
        ("1_000", "must be a finite number"),
    ],
)
def test_bad_or_oversized_text_is_refused_naming_the_field(text, fragment):
    with pytest.raises(ValueError) as error:
        to_fraction(text, "alpha")
    message = str(error.value)
    assert message.startswith("alpha = ") and fragment in message, message
    assert "\n" not in message


def test_a_written_exponent_at_the_limit_is_accepted_and_one_past_it_is_not():
    assert parse_decimal(f"1e-{MAX_EXPONENT}", "x") == F(1, 10**MAX_EXPONENT)
    with pytest.raises(ValueError, match="exponent"):
        parse_decimal(f"1e-{MAX_EXPONENT + 1}", "x")


def test_values_at_the_size_limit_are_accepted_and_past_it_refused():
    assert to_fraction(10**MAX_DIGITS, "x") == 10**MAX_DIGITS
    assert to_fraction(F(1, 10**MAX_DIGITS), "x") == F(1, 10**MAX_DIGITS)
    with pytest.raises(ValueError, match=r"x = <an integer of \d+\+ digits>"):
        to_fraction(10**MAX_DIGITS + 1, "x")
    with pytest.raises(ValueError, match="x = <a fraction with more than 100 digits>"):
        to_fraction(F(1, 10**MAX_DIGITS + 1), "x")


@pytest.mark.parametrize(
    "value, exact",
    [
        (0.7, F(7, 10)),  # the shortest decimal, not the binary value
        (np.float64(0.7), F(7, 10)),
        (np.float32(0.7), F(7, 10)),
        (np.int64(-3), F(-3)),
        (Decimal("0.125"), F(1, 8)),
        (F(2, 6), F(1, 3)),
        (7, F(7)),
    ],
)
def test_python_and_numpy_numbers(value, exact):
    result = to_fraction(value, "x")
    assert result == exact and isinstance(result, F)


@pytest.mark.parametrize("value", [True, np.bool_(False), None, [1], "1/2/3"])
def test_non_numbers_are_refused(value):
    with pytest.raises(ValueError, match="^x = "):
        to_fraction(value, "x")


def test_tables_sum_to_one_exactly_or_within_the_float_tolerance():
    check_sums_to_one(F(1), "t", had_floats=False)
    check_sums_to_one(F(1) + F(1, 10**13), "t", had_floats=True)
    with pytest.raises(ValueError, match="t sums to .*: must sum to 1 exactly"):
        check_sums_to_one(F(1) + F(1, 10**13), "t", had_floats=False)
    with pytest.raises(ValueError, match="within 1e-12"):
        check_sums_to_one(F(1) + F(1, 10**11), "t", had_floats=True)
    check_sums_to_one(F(1) - F(1, 10**12), "t", had_floats=True)  # the tolerance is inclusive


@pytest.mark.parametrize(
    "value, text",
    [
        (F(7, 10), "0.7"),
        (F(1, 3), "1/3"),
        (F(-5, 4), "-1.25"),
        (F(3), "3"),
        (F(1, 2**50), "1/1125899906842624"),
    ],
)
def test_format_number_is_exact_and_short(value, text):
    assert format_number(value) == text


def test_fraction_text():
    assert fraction_text(F(-3, 4)) == "-3/4" and fraction_text(F(5)) == "5"


@pytest.mark.parametrize(
    "text, shown",
    [("99e99", "'99e99'"), ("99e99/2", "'99e99/2'"), ("-99e99", "'-99e99'")],
)
def test_values_past_the_limit_name_the_field_and_the_whole_written_value(text, shown):
    with pytest.raises(ValueError) as error:
        to_fraction(text, "alpha")
    assert str(error.value) == (
        f"alpha = {shown}: numerators and denominators may be at most 10^{MAX_DIGITS}"
    )


def test_a_million_digit_exponent_is_refused_without_converting_it():
    with pytest.raises(ValueError, match="exponent must be within"):
        parse_decimal("1e" + "9" * 1_000_000, "x")


def test_huge_integers_are_shown_with_a_lower_bound_on_their_digits():
    with pytest.raises(ValueError) as error:
        to_fraction(10**5000, "x")
    shown = int(str(error.value).split("<an integer of ")[1].split("+")[0])
    assert 0.99 * 5001 <= shown <= 5001  # 5001 digits, never overstated


def test_computed_numbers_widen_the_bound_for_values_never_for_written_numbers() -> None:
    """Inside ``computed_numbers`` a Fraction or an integer may have up to 1,000 digits,
    but a written number still at most 100: "99e99" (9.9 x 10^100) is refused either
    way, while the same value as a Fraction is accepted inside the block only."""
    from contracts.numbers import computed_numbers

    big = F(99 * 10**99)
    message = r"^x = '99e99': numerators and denominators may be at most 10\^100$"
    with pytest.raises(ValueError, match=message):
        to_fraction("99e99", "x")
    with pytest.raises(ValueError, match="may be at most 10\\^100"):
        to_fraction(big, "x")
    with computed_numbers():
        assert to_fraction(big, "x") == big
        assert to_fraction(int(big), "x") == big
        with pytest.raises(ValueError, match=message):
            to_fraction("99e99", "x")
    assert to_fraction("1e100", "x") == 10**100  # the largest written value


def test_any_rational_number_is_read_exactly_and_a_quotient_past_the_bound_names_its_text() -> None:
    """A type registered as numbers.Rational (not a Fraction, not an integer) is read from
    its numerator and denominator; a p/q whose quotient passes 10^100 is refused showing
    the text as written."""
    import numbers

    class Ratio:
        numerator, denominator = 3, 4

    numbers.Rational.register(Ratio)
    assert to_fraction(Ratio(), "x") == F(3, 4)
    with pytest.raises(ValueError) as refused:
        to_fraction("1e100/1e-100", "x")
    assert (
        str(refused.value)
        == "x = '1e100/1e-100': numerators and denominators may be at most 10^100"
    )


def test_settings_name_each_parameter_in_their_refusals() -> None:
    from contracts import correlation

    for name, args in (("alpha", ("3/2", "0.7")), ("beta", ("0.8", "-1/4"))):
        with pytest.raises(ValueError) as refused:
            correlation(*args, [("indep", 1)])
        value = "1.5" if name == "alpha" else "-0.25"
        assert str(refused.value) == f"{name} = {value}: must be a probability in [0, 1]"
    with pytest.raises(ValueError) as refused:
        correlation("0.8", "0.7", [("indep", "1/2"), ("x", "1/2")])
    assert str(refused.value) == "worlds[1].rho = 'x': must be a finite number (decimal or p/q)"


def test_the_hypotheses_setting_at_its_limits_and_its_refusals() -> None:
    """lambda + mu = 1 is allowed, past it refused; the sample limits of both games and
    the one-sample variant are refused with their whole messages; firm 2, which learns
    nothing from N samples, has the one training label '*'."""
    from contracts import two_hypotheses
    from contracts.settings import MAX_COUNT_SAMPLES, MAX_SAMPLES

    assert two_hypotheses("1/2", "1/5", "1/2", "1/2").worlds == ("I", "II")
    with pytest.raises(ValueError, match=r"^lambda \+ mu = 1\.25: must be at most 1$"):
        two_hypotheses("1/2", "1/5", "1/2", "3/4")
    with pytest.raises(ValueError) as refused:
        two_hypotheses("1/2", "1/5", "1/2", "1/2", samples=MAX_COUNT_SAMPLES + 1)
    assert str(refused.value) == (
        f"samples = {MAX_COUNT_SAMPLES + 1}: must be between 1 and {MAX_COUNT_SAMPLES} with "
        "types = 'counts' (firm 1's up to (N + 1)^2 training labels are at most 128; types = "
        "'posterior' allows more); N = infinity is the default"
    )
    with pytest.raises(ValueError) as refused:
        two_hypotheses("1/2", "1/5", "1/2", "1/2", samples=MAX_SAMPLES + 1, types="posterior")
    assert str(refused.value) == (
        f"samples = {MAX_SAMPLES + 1}: must be between 1 and {MAX_SAMPLES} with types = "
        "'posterior' (firm 1's N + 3 training labels are at most 128); N = infinity is the "
        "default"
    )
    with pytest.raises(ValueError) as refused:
        two_hypotheses("1/2", "1/5", "1/2", "1/2", samples=2, one_sample=True)
    assert str(refused.value) == "samples: the one-sample variant and N samples exclude each other"
    for types in ("counts", "posterior"):
        env = two_hypotheses("1/2", "1/5", "1/2", "1/2", samples=2, types=types)
        assert env.training_labels[1] == ("*",)
