"""Languages: the app's own translations and Qt's, chosen by the system locale or the user's setting."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import resource_dir

#: Setting value -> what the Language menu shows (each in its own language, as users look for it).
LANGUAGES = {"system": "", "en": "English", "zh_CN": "简体中文"}
SUPPORTED = ("zh_CN",)


def resolve(setting: str | None) -> str:
    """The language to load: "en", or one of :data:`SUPPORTED`, from a setting ("system" follows the locale)."""
    if setting in ("en", *SUPPORTED):
        return setting
    name = QLocale.system().name()  # e.g. zh_CN, zh_SG, en_US
    if name.startswith("zh") and not name.startswith(("zh_TW", "zh_HK", "zh_MO")):
        return "zh_CN"
    return "en"


def translations_dir() -> str:
    return str(resource_dir() / "translations")


def install(app: QCoreApplication, setting: str | None) -> list[QTranslator]:
    """Install the app's and Qt's translators for the chosen language; returns them (keep them alive)."""
    lang = resolve(setting)
    if lang == "en":
        return []
    installed = []
    own = QTranslator(app)
    if own.load(f"netassist_{lang}", translations_dir()):
        app.installTranslator(own)
        installed.append(own)
    qt = QTranslator(app)
    # the bundle ships Qt's own file beside ours; from source it is where Qt keeps it
    for folder in (translations_dir(), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if qt.load(f"qtbase_{lang}", folder):
            app.installTranslator(qt)
            installed.append(qt)
            break
    return installed
