"""Majority judgment on grade counts (never on individual ballots).

Counts are indexed by merit: ``counts[0]`` is the number of "reject" grades and
``counts[6]`` the number of "excellent" ones. The median is the lower middle grade with an
even number of ballots. Ties are broken with the majority gauge: a candidate whose share
strictly above its median (p) exceeds its share strictly below (q) is "median+" and ranks
above every "median−" candidate; among "+" the larger p wins, among "−" the smaller q wins.
If still tied, one median grade is removed from each candidate and the comparison repeats.
"""

from collections.abc import Sequence
from fractions import Fraction
from functools import cmp_to_key

NUM_GRADES = 7


def median_merit(counts: Sequence[int]) -> int | None:
    """The lower median's merit (0..6), or None without ballots."""
    total = sum(counts)
    if total == 0:
        return None
    position = (total - 1) // 2  # 0-based index in ballots sorted from worst to best
    seen = 0
    for merit, count in enumerate(counts):
        seen += count
        if seen > position:
            return merit
    raise AssertionError("unreachable")


def gauge(counts: Sequence[int]) -> tuple[int, int, Fraction] | None:
    """(median, sign, value): sign +1 with value p when p > q, else -1 with value -q.

    Comparing these tuples (larger is better) implements one step of the tie-break.
    """
    total = sum(counts)
    if total == 0:
        return None
    median = median_merit(counts)
    above = Fraction(sum(counts[median + 1 :]), total)
    below = Fraction(sum(counts[:median]), total)
    if above > below:
        return (median, 1, above)
    return (median, -1, -below)


def compare(a: Sequence[int], b: Sequence[int]) -> int:
    """Positive when a ranks above b, negative when below, 0 for a perfect tie."""
    a, b = list(a), list(b)
    while True:
        if a == b:
            return 0
        ga, gb = gauge(a), gauge(b)
        if ga is None or gb is None:
            # Ran out of ballots on one side: the one with grades left is not worse.
            return (ga is not None) - (gb is not None)
        if ga != gb:
            return 1 if ga > gb else -1
        a[ga[0]] -= 1
        b[gb[0]] -= 1


def rank(profiles: dict) -> list[tuple[object, int]]:
    """Rank {key: counts} best first; tied candidates share a rank (1, 2, 2, 4)."""
    keys = list(profiles)
    ordered = sorted(keys, key=cmp_to_key(lambda x, y: compare(profiles[y], profiles[x])))
    result: list[tuple[object, int]] = []
    for index, key in enumerate(ordered):
        if index and compare(profiles[key], profiles[ordered[index - 1]]) == 0:
            result.append((key, result[-1][1]))
        else:
            result.append((key, index + 1))
    return result
