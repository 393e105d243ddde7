"""The sizes predshare accepts, checked before anything is allocated.

Every input passes through here or through the number parser (``contracts.numbers``:
at most 10^100 in numerator and denominator, exponents within +-100), so that hostile
input is refused in bounded time and memory with a one-line error naming the limit,
never by a hang, a MemoryError or a traceback. The README's "Limits" section lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from math import gcd

#: Most worlds of an environment.
MAX_WORLDS = 64
#: Most labels of one alphabet (training observations T1, T2; signals S1, S2).
MAX_LABELS = 128
#: Most entries of the joint table of (t1, t2, y, s1, s2): |T1| |T2| 2 |S1| |S2|.
MAX_JOINT_ENTRIES = 2**18
#: Largest environment file read, in bytes.
MAX_FILE_BYTES = 32 * 2**20
#: Largest common denominator (in bits) of all of an environment's numbers: exact
#: arithmetic on them stays fast below it.
MAX_DENOMINATOR_BITS = 4096


def check_environment_size(worlds: int, t1: int, t2: int, s1: int, s2: int) -> None:
    """Raise a ValueError naming the limit when an environment's sizes exceed one."""
    if worlds > MAX_WORLDS:
        raise ValueError(f"worlds: {worlds} given: at most {MAX_WORLDS} worlds are supported")
    for name, size in (("t1", t1), ("t2", t2), ("s1", s1), ("s2", s2)):
        if size > MAX_LABELS:
            raise ValueError(
                f"labels of {name}: {size} given: at most {MAX_LABELS} labels per alphabet"
            )
    entries = t1 * t2 * 2 * s1 * s2
    if entries > MAX_JOINT_ENTRIES:
        raise ValueError(
            f"|T1| |T2| 2 |S1| |S2| = {entries}: the joint table may have at most "
            f"{MAX_JOINT_ENTRIES} entries"
        )


def check_common_denominator(values: Iterable[Fraction]) -> None:
    """Raise when the least common denominator of ``values`` exceeds MAX_DENOMINATOR_BITS
    bits (stops as soon as it does)."""
    common = 1
    for value in values:
        d = value.denominator
        common = common // gcd(common, d) * d
        if common.bit_length() > MAX_DENOMINATOR_BITS:
            raise ValueError(
                f"numbers: their common denominator exceeds 2^{MAX_DENOMINATOR_BITS}, too "
                "large for exact arithmetic: round the probabilities (e.g. to 12 decimals)"
            )
