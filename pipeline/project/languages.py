"""The one table of languages.

Every per-language fact the pipeline needs lives here and nowhere else:
the label on the site's language bar, the BCP 47 tag for ``lang`` and
``hreflang``, the gettext locale used for PO file names and the ``Language``
header, text direction, plural forms, native name, each engine's code and
langdetect's code, and the typographic conventions the checks rely on.

Code elsewhere asks this table (``language.is_rtl``, ``language.engine_code``)
instead of comparing language codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.errors import UsageError

LTR = "ltr"
RTL = "rtl"

SCRIPT_LETTERS: dict[str, str] = {
    "Latn": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "Cyrl": "\u0400-\u04ff",
    "Arab": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc",
    "Jpan": "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f",
    "Hans": "\u3400-\u4dbf\u4e00-\u9fff",
}
"""Letters of each script we use, as regex character-class bodies."""

_RTL_CONTROLS = "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"
"""LRM, RLM, ALM and the isolates: what RTL text legitimately uses (never overrides)."""
_CJK_ALTERNATIVES = ("zh-cn", "zh-tw", "ja", "ko")


@dataclass(frozen=True)
class Language:
    """Everything the pipeline knows about one language of the site."""

    code: str
    """Our key for the language: the site label in lower case (``cn``)."""
    label: str
    """As shown in the site's language bar (``CN``)."""
    bcp47: str
    """Tag for ``<html lang>`` and ``hreflang`` (``zh-Hans``; ``cn`` is no language tag)."""
    locale: str
    """gettext locale: PO file name and ``Language`` header (``zh_CN``)."""
    english_name: str
    native_name: str
    plural_forms: str
    """The exact ``Plural-Forms`` header value."""
    direction: str = LTR
    langdetect: str = ""
    """The code langdetect returns for this language (``zh-cn``)."""
    engine_codes: dict[str, str | None] = field(default_factory=dict, hash=False, compare=False)
    """Per engine: the code it wants, or ``None`` where it cannot translate into this language."""
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    """Primary opening and closing quotation marks."""
    script: str = "Latn"
    """ISO 15924 code of the main script (``Arab``, ``Jpan``); see ``letters``."""
    other_quotes: tuple[tuple[str, str], ...] = ()
    """Further quotation-mark pairs house styles accept (nested quotes, common alternatives)."""
    native_marks: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """ASCII punctuation this language writes with its own marks (Arabic ``?`` → ``؟``)."""
    inverted_marks: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Closing mark → the opening mark a sentence needs (Spanish ``?`` → ``¿``)."""
    nbsp_before: str = ""
    """Marks written after a no-break space (French ``; : ! ?``). Other languages put
    no space at all before ``; : ! ?``."""
    full_width: bool = False
    """CJK typography: full-width punctuation, no spaces between CJK characters."""
    variety: str = ""
    """Which written form of the language the site uses, in words (told to the ``llm`` engine)."""
    joins_words: bool = False
    """A term is often written inside a longer word: German compounds (Macht in
    Machtdynamik), Arabic particles attached to the next word (و ب ل ك ف and ال:
    والعميل). Glossary terms are then searched for inside words too."""
    bidi_controls: str = ""
    """Invisible bidi controls text in this language may hold (marks and isolates for RTL)."""
    length_ratio: tuple[float, float] = (0.5, 2.0)
    """Usual range of translation length / English length, in characters."""
    langdetect_min: int = 30
    """Letters a text needs before langdetect's guess is trusted."""
    langdetect_han_alternatives: tuple[str, ...] = ()
    """What langdetect may call text written only in Han characters (no kana, no hangul)
    in this language: kanji-only Japanese often reads as Chinese and the reverse."""

    @property
    def is_rtl(self) -> bool:
        return self.direction == RTL

    @property
    def letters(self) -> str:
        """A regex character-class body matching the letters of this language's script."""
        return SCRIPT_LETTERS[self.script]

    @property
    def quote_pairs(self) -> tuple[tuple[str, str], ...]:
        """Accepted quotation marks, primary pair first, without the spacing inside them."""
        return ((self.quotes[0].strip(), self.quotes[1].strip()), *self.other_quotes)

    @property
    def quotes_spaced(self) -> bool:
        """Whether the primary quotation marks enclose a no-break space (French « … »)."""
        return self.quotes[0] != self.quotes[0].strip()

    @property
    def nplurals(self) -> int:
        head = self.plural_forms.split(";", 1)[0]
        return int(head.split("=", 1)[1])

    @property
    def po_filename(self) -> str:
        return f"{self.locale}.po"

    def engine_code(self, engine: str) -> str | None:
        """The code ``engine`` uses for this language, ``None`` if it lacks the language.

        Engines not listed in the table get the BCP 47 primary subtag, which
        is what most services accept.
        """
        if engine in self.engine_codes:
            return self.engine_codes[engine]
        return self.bcp47.split("-", 1)[0]


_TWO_FORMS = "nplurals=2; plural=(n != 1);"
_SLAVIC_FEW = "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"

LANGUAGES: tuple[Language, ...] = (
    Language(
        code="en", label="EN", bcp47="en", locale="en", english_name="English",
        native_name="English", plural_forms=_TWO_FORMS, langdetect="en",
        engine_codes={"google": "en", "mymemory": "en-GB", "deepl": "en", "libre": "en",
                      "microsoft": "en", "apertium": "eng"},
        other_quotes=(("\u2018", "\u2019"),),
    ),
    Language(
        code="it", label="IT", bcp47="it", locale="it", english_name="Italian",
        native_name="Italiano", plural_forms=_TWO_FORMS, langdetect="it",
        engine_codes={"google": "it", "mymemory": "it-IT", "deepl": "it", "libre": "it",
                      "microsoft": "it", "apertium": None},
        quotes=("\u00ab", "\u00bb"),
        other_quotes=(("\u201c", "\u201d"), ("\u2018", "\u2019")),
    ),
    Language(
        code="fr", label="FR", bcp47="fr", locale="fr", english_name="French",
        native_name="Français", plural_forms="nplurals=2; plural=(n > 1);", langdetect="fr",
        engine_codes={"google": "fr", "mymemory": "fr-FR", "deepl": "fr", "libre": "fr",
                      "microsoft": "fr", "apertium": None},
        quotes=("\u00ab\u00a0", "\u00a0\u00bb"),
        other_quotes=(("\u201c", "\u201d"),), nbsp_before=";:!?",
    ),
    Language(
        code="de", label="DE", bcp47="de", locale="de", english_name="German",
        native_name="Deutsch", plural_forms=_TWO_FORMS, langdetect="de",
        engine_codes={"google": "de", "mymemory": "de-DE", "deepl": "de", "libre": "de",
                      "microsoft": "de", "apertium": None},
        quotes=("\u201e", "\u201c"),
        other_quotes=(("\u201a", "\u2018"), ("\u00bb", "\u00ab"), ("\u203a", "\u2039")),
        length_ratio=(0.5, 2.2), joins_words=True,
    ),
    Language(
        code="pl", label="PL", bcp47="pl", locale="pl", english_name="Polish",
        native_name="Polski",
        plural_forms=f"nplurals=3; plural=(n==1 ? 0 : {_SLAVIC_FEW});",
        langdetect="pl",
        engine_codes={"google": "pl", "mymemory": "pl-PL", "deepl": "pl", "libre": "pl",
                      "microsoft": "pl", "apertium": None},
        quotes=("\u201e", "\u201d"),
        other_quotes=(("\u00ab", "\u00bb"),),
    ),
    Language(
        code="pt", label="PT", bcp47="pt-PT", locale="pt", english_name="Portuguese",
        native_name="Português", plural_forms=_TWO_FORMS, langdetect="pt",
        engine_codes={"google": "pt", "mymemory": "pt-PT", "deepl": "pt", "libre": "pt",
                      "microsoft": "pt-pt", "apertium": None},
        variety="European Portuguese (Portugal) spelling, grammar and vocabulary, not Brazilian",
        quotes=("\u00ab", "\u00bb"),
        other_quotes=(("\u201c", "\u201d"), ("\u2018", "\u2019")),
    ),
    Language(
        code="ru", label="RU", bcp47="ru", locale="ru", english_name="Russian",
        native_name="Русский",
        plural_forms=f"nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : {_SLAVIC_FEW});",
        langdetect="ru",
        engine_codes={"google": "ru", "mymemory": "ru-RU", "deepl": "ru", "libre": "ru",
                      "microsoft": "ru", "apertium": None},
        quotes=("\u00ab", "\u00bb"), script="Cyrl",
        other_quotes=(("\u201e", "\u201c"),),
    ),
    Language(
        code="ar", label="AR", bcp47="ar", locale="ar", english_name="Arabic",
        native_name="العربية",
        plural_forms=(
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
        ),
        direction=RTL, langdetect="ar",
        engine_codes={"google": "ar", "mymemory": "ar-SA", "deepl": None, "libre": "ar",
                      "microsoft": "ar", "apertium": None},
        quotes=("\u00ab", "\u00bb"), script="Arab",
        other_quotes=(("\u201c", "\u201d"),),
        native_marks={",": "\u060c", ";": "\u061b", "?": "\u061f"},
        bidi_controls=_RTL_CONTROLS, joins_words=True,
    ),
    Language(
        code="ja", label="JA", bcp47="ja", locale="ja", english_name="Japanese",
        native_name="日本語", plural_forms="nplurals=1; plural=0;", langdetect="ja",
        engine_codes={"google": "ja", "mymemory": "ja-JP", "deepl": "ja", "libre": "ja",
                      "microsoft": "ja", "apertium": None},
        quotes=("\u300c", "\u300d"), script="Jpan",
        other_quotes=(("\u300e", "\u300f"),),
        native_marks={",": "\u3001", ".": "\u3002", "?": "\uff1f", "!": "\uff01",
                      ":": "\uff1a", ";": "\uff1b"},
        full_width=True, length_ratio=(0.12, 1.0), langdetect_min=10,
        langdetect_han_alternatives=_CJK_ALTERNATIVES,
    ),
    Language(
        code="cn", label="CN", bcp47="zh-Hans", locale="zh_CN", english_name="Chinese (Simplified)",
        native_name="简体中文", plural_forms="nplurals=1; plural=0;", langdetect="zh-cn",
        engine_codes={"google": "zh-CN", "mymemory": "zh-CN", "deepl": "zh", "libre": "zh",
                      "microsoft": "zh-Hans", "apertium": None},
        variety="Simplified Chinese characters, as written in mainland China, not Traditional",
        quotes=("\u201c", "\u201d"), script="Hans",
        other_quotes=(("\u2018", "\u2019"), ("\u300c", "\u300d")),
        native_marks={",": "\uff0c", ".": "\u3002", "?": "\uff1f", "!": "\uff01",
                      ":": "\uff1a", ";": "\uff1b"},
        full_width=True, length_ratio=(0.1, 0.9), langdetect_min=10,
        langdetect_han_alternatives=_CJK_ALTERNATIVES,
    ),
    Language(
        code="es", label="ES", bcp47="es", locale="es", english_name="Spanish",
        native_name="Español", plural_forms=_TWO_FORMS, langdetect="es",
        engine_codes={"google": "es", "mymemory": "es-ES", "deepl": "es", "libre": "es",
                      "microsoft": "es", "apertium": "spa"},
        quotes=("\u00ab", "\u00bb"),
        other_quotes=(("\u201c", "\u201d"), ("\u2018", "\u2019")),
        inverted_marks={"?": "\u00bf", "!": "\u00a1"},
    ),
)

_BY_KEY: dict[str, Language] = {}
for _lang in LANGUAGES:
    for _key in {_lang.code, _lang.label.lower(), _lang.bcp47.lower(), _lang.locale.lower()}:
        _BY_KEY[_key] = _lang


def get_language(key: str) -> Language:
    """Find a language by site code, label, BCP 47 tag or gettext locale (case-insensitive)."""
    found = _BY_KEY.get(key.strip().lower().replace("_", "-")) or _BY_KEY.get(key.strip().lower())
    if found is None:
        known = ", ".join(lang.code for lang in LANGUAGES)
        raise UsageError(f"unknown language {key!r}; known languages: {known}")
    return found


def get_languages(keys: Iterable[str]) -> list[Language]:
    """Resolve several language keys, keeping their order and dropping repeats."""
    result: list[Language] = []
    for key in keys:
        lang = get_language(key)
        if lang not in result:
            result.append(lang)
    return result


def by_langdetect(code: str) -> Language | None:
    """The language langdetect calls ``code``, if it is one of ours."""
    for lang in LANGUAGES:
        if lang.langdetect == code:
            return lang
    return None
