"""The receive view's selection as a plain object: press, drag, release, Shift, and the text it gives —
no Qt, no window."""

from __future__ import annotations

from ui.receive.selection import Selection

#: items as the layout would give them: text, and whether the item continues the row before it
ITEMS = {0: ("hello ", False), 1: ("world", True), 2: ("second line", False), 3: ("third", False)}


def text(sel: Selection, first: int = 0, end: int = 4) -> str:
    return sel.text(lambda i: ITEMS[i][0], lambda i: ITEMS[i][1], first, end)


def test_a_press_that_does_not_move_is_a_click_on_its_item() -> None:
    sel = Selection()
    sel.press((2, 3))
    assert sel.active and sel.ends == ((2, 3), (2, 3))
    assert sel.release() == (True, (2, 3))
    assert sel.pressed is None and sel.release() == (False, None)  # (no press under way any more)


def test_a_drag_backwards_selects_in_text_order_and_is_no_click() -> None:
    sel = Selection()
    sel.press((2, 6))
    assert sel.drag((0, 1))
    assert sel.span() == ((0, 1), (2, 6))
    assert text(sel) == "ello world\nsecond"  # a wrapped row's pieces joined, rows by a line break
    assert sel.release() == (True, None)
    assert not sel.drag((3, 0))  # moving with the button up changes nothing
    assert sel.span() == ((0, 1), (2, 6))


def test_shift_press_and_keys_move_the_end_and_keep_the_anchor() -> None:
    sel = Selection()
    sel.extend_to((1, 2))  # nothing selected: the anchor is where it starts
    assert sel.ends == ((1, 2), (1, 2))
    sel.press((0, 0))
    sel.release()
    sel.press((3, 2), extend=True)
    assert sel.ends == ((0, 0), (3, 2)) and text(sel) == "hello world\nsecond line\nth"
    sel.extend_to((2, 0))
    assert text(sel) == "hello world\n"


def test_only_laid_out_items_count_and_cleared_gives_nothing() -> None:
    sel = Selection()
    assert text(sel) == "" and list(sel.items(0, 4)) == []
    sel.set((0, 2), (3, 5))
    assert list(sel.items(1, 3)) == [1, 2]  # items 0 and 3 evicted or not laid out yet
    assert text(sel, 1, 3) == "world\nsecond line"
    sel.clear()
    assert not sel.active and sel.span() is None
