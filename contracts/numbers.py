"""Exact numbers: parsing, validation and formatting.

Every number that defines an environment is held as a :class:`fractions.Fraction`.
Inputs may be ints, Fractions, strings (``"1441/2000"``, ``"0.7205"``, ``"3"``) or
finite floats; a float is read as the shortest decimal that prints as it
(``0.7 -> 7/10``), so that decimal input means what it says. The float64 path of the
solvers converts these exact values once; the exact path uses them as they are.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Rational

NumberLike = int | float | str | Fraction

#: Tolerance for tables given with float entries (spec: "within 1e-12 for floats").
FLOAT_SUM_TOLERANCE = Fraction(1, 10**12)


def to_fraction(value: object, field: str) -> Fraction:
    """Read ``value`` as an exact rational number, or raise a ValueError naming ``field``.

    >>> to_fraction("1441/2000", "alpha")
    Fraction(1441, 2000)
    >>> to_fraction(0.7, "alpha")
    Fraction(7, 10)
    >>> to_fraction("nan", "alpha")
    Traceback (most recent call last):
    ...
    ValueError: alpha = 'nan': must be a finite number (decimal or p/q)
    """
    if isinstance(value, bool):
        raise ValueError(f"{field} = {value!r}: must be a number, not a boolean")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{field} = {value!r}: must be a finite number")
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                num, _, den = text.partition("/")
                if not den.strip() or Fraction(den.strip()) == 0:
                    raise ZeroDivisionError
                return Fraction(num.strip()) / Fraction(den.strip())
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(
                f"{field} = {value!r}: must be a finite number (decimal or p/q)"
            ) from None
    raise ValueError(f"{field} = {value!r}: must be a number (int, decimal, or 'p/q' string)")


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
