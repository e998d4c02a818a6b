"""Persistent settings: QSettings in INI format, user scope, at an injectable path."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSettings

SETTINGS_VERSION = 1


class Settings:
    """Typed access to the app's settings. ``path=None`` uses the user's config (honours XDG_CONFIG_HOME)."""

    def __init__(self, path: str | None = None):
        if path is None:
            self.qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "NetAssist", "NetAssist")
        else:
            self.qs = QSettings(path, QSettings.Format.IniFormat)
        if self.qs.value("version") is None:
            self.qs.setValue("version", SETTINGS_VERSION)

    @property
    def path(self) -> str:
        return self.qs.fileName()

    def get_json(self, key: str, default: Any) -> Any:
        raw = self.qs.value(key)
        if raw is None:
            return default
        try:
            return json.loads(str(raw))
        except ValueError:
            return default

    def set_json(self, key: str, value: Any) -> None:
        self.qs.setValue(key, json.dumps(value, ensure_ascii=False))

    def get_bytes(self, key: str) -> bytes | None:
        v = self.qs.value(key)
        return bytes(v) if v is not None else None  # QByteArray -> bytes

    def set_value(self, key: str, value: Any) -> None:
        self.qs.setValue(key, value)

    @property
    def language(self) -> str:
        """"system" (follow the locale), "en" or "zh_CN"."""
        return str(self.qs.value("language") or "system")

    @language.setter
    def language(self, value: str) -> None:
        self.qs.setValue("language", value)

    def sync(self) -> None:
        self.qs.sync()
