"""Exact numbers: parsing, validation and formatting.

Every number that defines an environment is held as a :class:`fractions.Fraction`.
Inputs may be ints, Fractions, strings (``"1441/2000"``, ``"0.7205"``, ``"3"``) or
finite floats; a float is read as the shortest decimal that prints as it
(``0.7 -> 7/10``), so that decimal input means what it says. The float64 path of the
solvers converts these exact values once; the exact path uses them as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any

import numpy as np

NumberLike = int | float | str | Fraction

#: Tolerance for tables given with float entries (MODEL.md: "within 1e-12 for floats").
FLOAT_SUM_TOLERANCE = Fraction(1, 10**12)
#: Most digits of a written mantissa; numerators and denominators are at most 10^MAX_DIGITS.
MAX_DIGITS = 100
#: Largest magnitude of a written decimal exponent (``1e-100`` is the smallest accepted).
MAX_EXPONENT = 100
_SIZE_LIMIT = 10**MAX_DIGITS
#: Most digits of a number a setting computes from bounded parameters (computed_numbers).
MAX_COMPUTED_DIGITS = 1000
#: The digits allowed to Fraction and integer values in the current context.
_VALUE_DIGITS: ContextVar[int] = ContextVar("value_digits", default=MAX_DIGITS)


@contextmanager
def computed_numbers(digits: int = MAX_COMPUTED_DIGITS) -> Iterator[None]:
    """Within the block, Fraction and integer values (never written numbers) may have up
    to ``digits`` digits. For a setting that computes an environment from parameters
    that passed the usual bound, such as the likelihoods of N labelled examples
    (MODEL.md section 10); the environment's common-denominator limit still applies."""
    token = _VALUE_DIGITS.set(min(digits, MAX_COMPUTED_DIGITS))
    try:
        yield
    finally:
        _VALUE_DIGITS.reset(token)


_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


def _short(value: Any) -> str:
    """A bounded repr for error messages (never converts a huge int to text)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _SIZE_LIMIT:
        return f"<an integer of {len(format(abs(value), 'x')) * 4 * 3 // 10}+ digits>"
    if isinstance(value, Fraction) and (
        abs(value.numerator) > _SIZE_LIMIT or value.denominator > _SIZE_LIMIT
    ):
        return f"<a fraction with more than {MAX_DIGITS} digits>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bounded(value: Fraction, field: str, original: Any, computed: bool = False) -> Fraction:
    digits = _VALUE_DIGITS.get() if computed else MAX_DIGITS
    limit = _SIZE_LIMIT if digits == MAX_DIGITS else 10**digits
    if abs(value.numerator) > limit or value.denominator > limit:
        raise ValueError(
            f"{field} = {_short(original)}: numerators and denominators may be at most 10^{digits}"
        )
    return value


def parse_decimal(text: str, field: str, original: Any = None) -> Fraction:
    """Exact value of a decimal such as ``-12.5e-3``, refusing oversized input before any
    big integer is built (at most MAX_DIGITS digits, exponent within MAX_EXPONENT).

    >>> parse_decimal("7.5e-1", "x")
    Fraction(3, 4)
    >>> parse_decimal("1e1000000000", "alpha")
    Traceback (most recent call last):
    ...
    ValueError: alpha = '1e1000000000': the exponent must be within -100..100
    """
    shown = _short(text if original is None else original)
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        raise ValueError(f"{field} = {shown}: must be a finite number (decimal or p/q)")
    sign, whole, fraction, exponent = match.groups()
    fraction = fraction or ""
    digits = (whole + fraction).lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise ValueError(
            f"{field} = {shown}: has {len(digits)} digits: numbers may have at most {MAX_DIGITS}"
        )
    # the length test first: int() of a million-digit exponent is slow (or refused)
    if exponent is not None and (
        len(exponent.lstrip("+-").lstrip("0")) > 4 or abs(int(exponent)) > MAX_EXPONENT
    ):
        raise ValueError(
            f"{field} = {shown}: the exponent must be within -{MAX_EXPONENT}..{MAX_EXPONENT}"
        )
    power = (int(exponent) if exponent else 0) - len(fraction)
    value = int(whole + fraction) * Fraction(10) ** power
    return _bounded(-value if sign == "-" else value, field, text if original is None else original)


def to_fraction(value: object, field: str) -> Fraction:
    """Read ``value`` as an exact rational number, or raise a ValueError naming ``field``.

    Accepts Python and numpy integers and floats, Fractions, Decimals and strings
    (``"1441/2000"``, ``"0.7205"``, ``"3"``, ``"1e-3"``); floats are read as their shortest
    decimal. Sizes are bounded (MAX_DIGITS, MAX_EXPONENT) before any work is done.

    >>> to_fraction("1441/2000", "alpha")
    Fraction(1441, 2000)
    >>> to_fraction(0.7, "alpha")
    Fraction(7, 10)
    >>> to_fraction("nan", "alpha")
    Traceback (most recent call last):
    ...
    ValueError: alpha = 'nan': must be a finite number (decimal or p/q)
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{field} = {value!r}: must be a number, not a boolean")
    if isinstance(value, Fraction):
        return _bounded(value, field, value, computed=True)
    if isinstance(value, Integral):
        return _bounded(Fraction(int(value)), field, value, computed=True)
    if isinstance(value, Rational):
        return _bounded(Fraction(int(value.numerator), int(value.denominator)), field, value)
    if isinstance(value, (Real, Decimal)) and not isinstance(value, str):
        number = float(value) if not isinstance(value, Decimal) else value
        if not (number.is_finite() if isinstance(number, Decimal) else math.isfinite(number)):
            raise ValueError(f"{field} = {_short(value)}: must be a finite number")
        # the shortest decimal that prints as the value (numpy scalars print their own)
        text = repr(value) if type(value) is float else str(value)
        return parse_decimal(text, field)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 4 * MAX_DIGITS:
            raise ValueError(
                f"{field} = {_short(text)}: {len(text)} characters is too long for a number"
            )
        if "/" in text:
            num, _, den = text.partition("/")
            numerator = parse_decimal(num.strip(), field, value)
            denominator = parse_decimal(den.strip(), field, value)
            if denominator == 0:
                raise ValueError(f"{field} = {_short(value)}: the denominator is zero")
            return _bounded(numerator / denominator, field, value)
        return parse_decimal(text, field)
    raise ValueError(f"{field} = {_short(value)}: must be a number (int, decimal, or 'p/q' string)")


def is_float_input(value: object) -> bool:
    """True when ``value`` was given as a float (its table is checked with a tolerance)."""
    return isinstance(value, float)


def check_probability(value: Fraction, field: str) -> Fraction:
    """Raise unless ``0 <= value <= 1``."""
    if not 0 <= value <= 1:
        raise ValueError(f"{field} = {format_number(value)}: must be a probability in [0, 1]")
    return value


def check_sums_to_one(total: Fraction, field: str, had_floats: bool) -> None:
    """Raise unless a table's ``total`` is one: exactly, or within 1e-12 if it had floats."""
    gap = abs(total - 1)
    if gap == 0 or (had_floats and gap <= FLOAT_SUM_TOLERANCE):
        return
    rule = "within 1e-12" if had_floats else "exactly"
    raise ValueError(f"{field} sums to {format_number(total)}: must sum to 1 {rule}")


def format_number(value: Fraction | float, digits: int = 12) -> str:
    """Short human text: integers and short fractions exact, others as decimals.

    >>> format_number(Fraction(7, 10))
    '0.7'
    >>> format_number(Fraction(1, 3))
    '1/3'
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        den = value.denominator
        while den % 2 == 0:
            den //= 2
        while den % 5 == 0:
            den //= 5
        if den == 1 and len(str(value.denominator)) <= digits:
            return _decimal_text(value)
        return f"{value.numerator}/{value.denominator}"
    return f"{float(value):.{digits}g}"


def _decimal_text(value: Fraction) -> str:
    """Exact decimal expansion of a fraction whose denominator is 2^a 5^b."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    scaled = (value * 10**places).numerator
    whole, frac = divmod(scaled, 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def fraction_text(value: Fraction) -> str:
    """Exact "p/q" text (or "p" for integers), the JSON form of exact numbers."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
