"""Persistent settings: QSettings in INI format, user scope, at an injectable path.

Reading never fails: a file Qt cannot parse is moved aside (``<name>.bad-<time>``) and the app starts with
defaults; a value that is not what it should be is reported in ``warnings`` (the window shows them) and its
default is used (see ui.options for the typed options of pages and tools).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from ui.options import Problem, shown

SETTINGS_VERSION = 1
#: A settings value larger than this is not what the app writes: it is not read (a 100 MB paste once made
#: every save block the window for seconds).
MAX_VALUE_CHARS = 8 * 1024 * 1024


class Settings:
    """Typed access to the app's settings. ``path=None`` uses the user's config (honours XDG_CONFIG_HOME)."""

    def __init__(self, path: str | None = None):
        #: What could not be read (shown once in the window).
        self.warnings: list[Problem] = []
        self.qs = self._open(path)
        if self.qs.status() != QSettings.Status.NoError:
            self._move_aside(path)
        if self.qs.value("version") is None:
            self.qs.setValue("version", SETTINGS_VERSION)

    @staticmethod
    def _open(path: str | None) -> QSettings:
        if path is None:
            qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "NetAssist", "NetAssist")
        else:
            qs = QSettings(path, QSettings.Format.IniFormat)
        qs.allKeys()  # parse now, so that status() tells
        return qs

    def _move_aside(self, path: str | None) -> None:
        """The file cannot be read as settings: keep it for the user to look at, start afresh."""
        name = self.qs.fileName()
        aside = f"{name}.bad-{time.strftime('%Y%m%d-%H%M%S')}"
        try:
            os.replace(name, aside)
        except OSError as exc:
            self.warnings.append(Problem("unreadable", name, exc.strerror or str(exc)))
            return
        self.warnings.append(Problem("moved", name, used=Path(aside).name))
        self.qs = self._open(path)

    @property
    def path(self) -> str:
        return self.qs.fileName()

    def get_json(self, key: str, default: Any) -> Any:
        """A JSON value; malformed, too large or too deeply nested: the default, and a warning."""
        raw = self.qs.value(key)
        if raw is None:
            return default
        text = str(raw)
        if len(text) > MAX_VALUE_CHARS:
            self.warnings.append(Problem("too-large", key, f"{len(text):,}"))
            return default
        try:
            return json.loads(text)
        except RecursionError:
            self.warnings.append(Problem("nested", key))
        except ValueError:
            self.warnings.append(Problem("json", key, shown(text)))
        return default

    def set_json(self, key: str, value: Any) -> None:
        self.qs.setValue(key, json.dumps(value, ensure_ascii=False))

    def get_bytes(self, key: str) -> bytes | None:
        v = self.qs.value(key)
        try:
            return bytes(v) if v is not None else None  # QByteArray -> bytes
        except (TypeError, ValueError):
            return None

    def get_int(self, key: str, default: int) -> int:
        v = self.qs.value(key)
        if v is None:
            return default
        try:
            return int(str(v))
        except ValueError:
            self.warnings.append(Problem("value", key, shown(str(v)), str(default)))
            return default

    def set_value(self, key: str, value: Any) -> None:
        self.qs.setValue(key, value)

    @property
    def language(self) -> str:
        """"system" (follow the locale), "en" or "zh_CN"."""
        value = str(self.qs.value("language") or "system")
        return value if value in ("system", "en", "zh_CN") else "system"

    @language.setter
    def language(self, value: str) -> None:
        self.qs.setValue("language", value)

    def sync(self) -> None:
        self.qs.sync()
