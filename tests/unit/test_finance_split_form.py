"""The split form's arithmetic without a screen: signs, what is left to assign, and
the one empty part that takes the rest."""

from __future__ import annotations

from dashboard_tui.finance.ui.split import (
    PartTyped,
    SplitTyped,
    part_signed,
    split_values,
    tally,
    tally_text,
    whole_signed,
)


def test_unsigned_amounts_are_money_out_and_parts_follow_the_whole() -> None:
    assert whole_signed("60") == "-60"
    assert whole_signed("+60") == "+60"
    assert part_signed("20", whole_out=True) == "-20"
    assert part_signed("20", whole_out=False) == "20"
    assert part_signed("+5", whole_out=True) == "+5"  # a refund inside a payment


def test_the_tally_says_what_is_left() -> None:
    t = tally("60", ["35", "20", ""], "EUR")
    assert (t.whole, t.parts, t.empty, t.left()) == (-6000, -5500, 1, -500)
    assert "the part with no amount takes it" in tally_text(t, "EUR")
    assert "left to assign" in tally_text(tally("60", ["35", "20"], "EUR"), "EUR")
    assert "add up to the whole" in tally_text(tally("60", ["40", "20"], "EUR"), "EUR")
    assert "not a number" in tally_text(tally("60", ["4.0.0", "20"], "EUR"), "EUR")
    assert "Type the whole" in tally_text(tally("", ["1"], "EUR"), "EUR")
    assert tally("1000", ["1000"], "JPY").left() == 0  # no decimals in yen


def test_one_empty_part_takes_the_rest_and_two_do_not() -> None:
    typed = SplitTyped("today", "", "60", "", (PartTyped("A", "35", ""), PartTyped("B", "", "m")))
    amount, parts = split_values(typed, "EUR")
    assert amount == "-60"
    assert parts == [("A", "-35", ""), ("B", "-25.00", "m")]
    two_empty = SplitTyped("today", "", "60", "", (PartTyped("A", "", ""), PartTyped("B", "", "")))
    assert [p[1] for p in split_values(two_empty, "EUR")[1]] == ["", ""]  # the service says
