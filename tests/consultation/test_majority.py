"""Majority judgment on worked examples, one per step of the tie-break.

Counts are listed by merit: [reject, insufficient, passable, fairly_good, good, very_good, excellent].
"""

from consultation.majority import compare, gauge, median_merit, rank

REJECT, INSUFFICIENT, PASSABLE, FAIRLY_GOOD, GOOD, VERY_GOOD, EXCELLENT = range(7)


def profile(**grades):
    names = ["reject", "insufficient", "passable", "fairly_good", "good", "very_good", "excellent"]
    return [grades.get(n, 0) for n in names]


def test_median_of_an_odd_count_is_the_middle_grade():
    assert median_merit(profile(good=1, passable=1, excellent=1)) == GOOD


def test_median_of_an_even_count_is_the_lower_middle_grade():
    # Sorted worst→best: passable, good | very_good, excellent → lower middle = good.
    assert median_merit(profile(passable=1, good=1, very_good=1, excellent=1)) == GOOD


def test_no_ballot_has_no_median_and_ranks_last():
    assert median_merit([0] * 7) is None
    assert [k for k, _ in rank({"a": [0] * 7, "b": profile(reject=1)})] == ["b", "a"]


def test_higher_median_wins_whatever_the_spread():
    a = profile(good=3, reject=2)  # median good
    b = profile(fairly_good=5)  # median fairly good
    assert compare(a, b) > 0
    assert rank({"a": a, "b": b}) == [("a", 1), ("b", 2)]


def test_same_median_plus_beats_minus():
    # Both median good. a: 40 % above, 0 % below → good+. b: 0 % above, 40 % below → good−.
    a = profile(excellent=2, good=3)
    b = profile(good=3, reject=2)
    assert gauge(a)[:2] == (GOOD, 1)
    assert gauge(b)[:2] == (GOOD, -1)
    assert compare(a, b) > 0


def test_both_plus_the_larger_share_above_wins():
    a = profile(very_good=2, good=3)  # 40 % above
    b = profile(very_good=1, good=4)  # 20 % above
    assert compare(a, b) > 0


def test_both_minus_the_smaller_share_below_wins():
    a = profile(good=4, passable=1)  # 20 % below
    b = profile(good=3, passable=2)  # 40 % below
    assert compare(a, b) > 0
    assert [k for k, _ in rank({"b": b, "a": a})] == ["a", "b"]


def test_equal_gauges_are_separated_by_removing_one_median_grade_each():
    # Same median (good), same 20 % above and 20 % below → gauges equal.
    a = profile(excellent=1, good=3, reject=1)
    b = profile(very_good=1, good=3, insufficient=1)
    assert gauge(a) == gauge(b)
    # Removing median grades one at a time: the difference shows when the median moves off
    # "good": a falls to reject below / rises to excellent above, b to insufficient / very good.
    # After two removals: a = [reject, good, excellent] → median good, gauge equal again;
    # after three: a = [reject, excellent] → lower median reject; b = [insufficient, very_good]
    # → lower median insufficient: b wins.
    assert compare(a, b) < 0
    assert rank({"a": a, "b": b}) == [("b", 1), ("a", 2)]


def test_identical_profiles_share_a_rank():
    a = profile(good=2, passable=1)
    assert rank({"x": a, "y": list(a), "z": profile(reject=3)}) == [("x", 1), ("y", 1), ("z", 3)]


def test_p_equal_q_counts_as_minus():
    a = profile(very_good=1, good=1, passable=1)  # p = q = 1/3 → good−
    b = profile(good=2, passable=1)  # p = 0, q = 1/3 → good−, same q
    assert gauge(a)[1] == -1
    # Same gauge: remove one good from each → a=[passable, very_good] lower median passable,
    # b=[passable, good] lower median passable; then p=q for both… a's remaining excels.
    assert compare(a, b) > 0
