"""The language: how it is chosen, and French wording and typography."""

from __future__ import annotations

import threading

import pytest

from assistant import i18n
from assistant.i18n import choose, elide, from_locale, long_date, normalize, parse_option, typography, using

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("fr", "fr"),
        ("FR", "fr"),
        ("fr_FR.UTF-8", "fr"),
        ("fr-CA", "fr"),
        ("français", "fr"),
        ("French", "fr"),
        ("en_GB.UTF-8", "en"),
        ("english", "en"),
        ("de_DE.UTF-8", None),
        ("", None),
        (None, None),
        ("frx", None),
    ],
)
def test_names_and_locales_name_a_language(value, lang):
    assert normalize(value) == lang


def test_the_choice_runs_option_variable_setting_locale():
    fr_locale = {"LANG": "fr_FR.UTF-8"}
    assert choose(None, {}) == "en"
    assert choose(None, fr_locale) == "fr"
    assert choose(None, {"LANG": "C.UTF-8"}) == "en"
    assert choose(None, {"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"  # LC_ALL first
    assert choose(None, fr_locale, setting="en") == "en"
    assert choose(None, {"INTEGRATION_ASSISTANT_LANG": "en", **fr_locale}) == "en"
    assert choose("fr", {"INTEGRATION_ASSISTANT_LANG": "en"}, setting="en") == "fr"
    # a value naming nothing offered is passed over, not an error
    assert choose(None, {"INTEGRATION_ASSISTANT_LANG": "klingon", **fr_locale}, setting="??") == "fr"
    assert from_locale({"LC_MESSAGES": "POSIX", "LANG": "fr_FR.UTF-8"}) is None


def test_an_unknown_option_is_refused_naming_what_is_offered():
    assert parse_option("Français") == "fr"
    with pytest.raises(ValueError, match="unknown language 'de': choose one of en, fr"):
        parse_option("de")


def test_using_is_local_to_its_thread():
    i18n.set_language("en")
    seen: list[str] = []

    def other() -> None:
        seen.append(i18n.language())

    with using("fr"):
        assert i18n.language() == "fr"
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert seen == ["en"] and i18n.language() == "en"


@pytest.mark.parametrize(
    ("built", "written"),
    [
        ("vous avez répondu que il y a une mission", "vous avez répondu qu'il y a une mission"),
        ("Et si il ne y a aucune mission ?", "Et s'il n'y a aucune mission ?"),
        ("on ne sait pas si la OCHA est présent", "on ne sait pas si l'OCHA est présent"),
        ("que aucun groupe armé", "qu'aucun groupe armé"),
        ("le rôle de humanitaire", "le rôle d'humanitaire"),
        ("que hors du pays", "que hors du pays"),  # an aspirated h takes no elision
        ("si elle est présente", "si elle est présente"),
        ("sa opération", "sa opération"),  # a possessive is not elided
        ("puisque on le sait", "puisqu'on le sait"),
    ],
)
def test_elision(built, written):
    assert elide(built) == written


def test_french_typography():
    text = typography(
        'Le rapport : "mission intégrée" ; voir « x » ! Pourquoi? Note: `set a: b` https://x.org:80'
    )
    assert text == (
        f"Le rapport{NBSP}: «{NBSP}mission intégrée{NBSP}»{NNBSP}; voir «{NBSP}x{NBSP}»{NNBSP}! "
        f"Pourquoi{NNBSP}? Note{NBSP}: `set a: b` https://x.org:80"
    )
    assert typography(text) == text  # once is enough
    assert typography("à 10:30") == "à 10:30"


def test_long_dates():
    assert long_date(2026, 12, 5, "fr") == "5 décembre 2026"
    assert long_date(2026, 8, 1, "fr") == "1er août 2026"
    assert long_date(2026, 12, 5, "en") == "5 December 2026"


PO = """
msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Hello there"
msgstr "Bonjour"

#, fuzzy
msgid "Not sure yet"
msgstr "Pas encore sûr"

msgid "one answer"
msgid_plural "{n} answers"
msgstr[0] "une réponse"
msgstr[1] "{n} réponses"

msgctxt "button"
msgid "Open"
msgstr "Ouvrir"

msgid "Untranslated"
msgstr ""
"""


def test_catalogs_are_read_from_po_files(tmp_path, monkeypatch):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "part.po").write_text(PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        with using("fr"):
            assert i18n._("Hello there") == "Bonjour"
            assert i18n._("Not sure yet") == "Not sure yet"  # fuzzy: not a translation
            assert i18n._("Untranslated") == "Untranslated"
            assert i18n.ngettext("one answer", "{n} answers", 1) == "une réponse"
            assert i18n.ngettext("one answer", "{n} answers", 0) == "une réponse"  # French: 0 is singular
            assert i18n.ngettext("one answer", "{n} answers", 3) == "{n} réponses"
            assert i18n.pgettext("button", "Open") == "Ouvrir"
        assert i18n._("Hello there") == "Hello there"  # English outside
        source = tmp_path / "code.py"
        source.write_text(
            'from assistant.i18n import _\nx = _("Hello there")\ny = _("New words")\n', encoding="utf-8"
        )
        assert [m[3] for m in i18n.missing([source])] == ["New words"]
    finally:
        i18n.translations.cache_clear()
