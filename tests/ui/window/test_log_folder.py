"""Where a window's log dialogs start: the folder its pages last logged to, owned by that window (given to its
pages), never a class-wide value another window would see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.test_window import page_of


def test_two_windows_do_not_share_the_last_log_folder(make_window: Any, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_window(tmp_path / "first.ini")
    second = make_window(tmp_path / "second.ini")
    page = page_of(first, "tcp-client")
    assert page.start_logging(str(tmp_path / "a" / "one.log"))
    page.stop_logging()
    assert first.log_folder() == str((tmp_path / "a").resolve())
    assert second.log_folder() == ""  # (nothing logged there, nothing in its settings)
    # the second window logs elsewhere: its folder follows, the first window's does not
    other = page_of(second, "udp")
    assert other.start_logging(str(tmp_path / "b" / "two.log"))
    other.stop_logging()
    assert second.log_folder() == str((tmp_path / "b").resolve())
    assert first.log_folder() == str((tmp_path / "a").resolve())
    first.tab_store.save()
    second.tab_store.save()
    assert first.settings.qs.value("last_log_folder") == str((tmp_path / "a").resolve())
    assert second.settings.qs.value("last_log_folder") == str((tmp_path / "b").resolve())
