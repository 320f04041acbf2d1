"""Every entry check, passing and failing, with real sentences in each language where it differs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.checks import REGISTRY, Subject, all_checks, run_entry, validate_ids
from pipeline.errors import UsageError
from pipeline.project.languages import get_language

DATA = Path(__file__).parent / "data" / "validate"
TERMS = ("ZeroOpposite",)
NBSP, NNBSP = "\u00a0", "\u202f"


def _run(check: str, src: str, tgt: str, lang: str, **extra: object) -> str | None:
    subject = Subject(msgid=src, msgstr=tgt, lang=get_language(lang), terms=TERMS, **extra)  # type: ignore[arg-type]
    result: str | None = REGISTRY[check].func(subject)
    return result


def passes(check: str, src: str, tgt: str, lang: str, **extra: object) -> None:
    message = _run(check, src, tgt, lang, **extra)
    assert message is None, f"{check} should pass for {lang} {tgt!r}, said: {message}"


def fails(check: str, src: str, tgt: str, lang: str, message: str = "", **extra: object) -> None:
    found = _run(check, src, tgt, lang, **extra)
    assert found, f"{check} should fail for {lang} {tgt!r}"
    assert message in found


# --- states ------------------------------------------------------------------


def test_untranslated() -> None:
    fails("untranslated", "Who reads us", "", "de", "not translated yet")
    passes("untranslated", "Who reads us", "Wer uns liest", "de")


def test_fuzzy_kinds_follow_the_marking_convention() -> None:
    src, tgt = (
        "Join the team of volunteer reviewers.",
        "Rejoignez l’équipe de relecteurs bénévoles.",
    )
    stale = {"flags": frozenset({"fuzzy"}), "previous_msgid": "Join our team of reviewers."}
    machine = {"flags": frozenset({"fuzzy"}), "engine": "google"}  # `# mt: google`
    reviewed = {"engine": "google"}  # fuzzy removed, the `mt:` line kept as history
    translator = {"flags": frozenset({"fuzzy"})}
    fails("fuzzy-stale", src, tgt, "fr", "English changed", **stale)
    passes("fuzzy-machine", src, tgt, "fr", **stale)
    fails("fuzzy-machine", src, tgt, "fr", "machine translation (google)", **machine)
    passes("fuzzy-stale", src, tgt, "fr", **machine)
    passes("fuzzy", src, tgt, "fr", **machine)
    for check in ("fuzzy", "fuzzy-machine", "fuzzy-stale"):
        passes(check, src, tgt, "fr", **reviewed)
    fails("fuzzy", src, tgt, "fr", "marked fuzzy", **translator)
    passes("fuzzy", src, "", "fr", **translator)  # empty is untranslated, not fuzzy


def test_unchanged() -> None:
    fails(
        "unchanged",
        "Suggest a better word for a technical term.",
        "Suggest a better word for a technical term.",
        "pl",
        "identical",
    )
    for text in ("41%", "ZeroOpposite", "`#mentalhealth`", "https://zeroopposite.example/contact"):
        passes("unchanged", text, text, "pl")
    passes("unchanged", "Tags", "Tags", "de")  # one word: often the same in both languages
    passes("unchanged", "Articles", "Articles", "fr")
    fails("unchanged", "Who reads us", "Who reads us", "fr")
    passes(
        "unchanged",
        "Suggest a better word for a technical term.",
        "Zaproponuj lepsze słowo dla terminu technicznego.",
        "pl",
    )


def test_ignore_lines_need_a_reason_and_a_real_check() -> None:
    src, tgt = "Who reads us", "Who reads us"
    good = "Reviewed by Anna.\nignore: unchanged The section keeps its English name."
    passes("ignore-marks", src, tgt, "de", comment=good)
    fails(
        "ignore-marks",
        src,
        tgt,
        "de",
        "'ignore: unchanged' gives no reason",
        comment="ignore: unchanged",
    )
    fails(
        "ignore-marks",
        src,
        tgt,
        "de",
        "'ignore: unchanging' names no check",
        comment="ignore: unchanging Typo in the check id.",
    )
    passes("ignore-marks", src, "Wer uns liest", "de", comment="mt: google")


def test_obsolete_runs_only_on_obsolete_entries() -> None:
    subject = Subject(
        msgid="Who reads us", msgstr="Кто нас читает", lang=get_language("ru"), obsolete=True
    )
    assert [c.id for c, _ in run_entry(subject)] == ["obsolete"]
    active = Subject(msgid="Who reads us", msgstr="Кто нас читает", lang=get_language("ru"))
    assert run_entry(active) == []


# --- wrong language --------------------------------------------------------

ENGLISH = (
    "These dynamics can take many forms, but often involve an imbalance of power where "
    "one party has more control over the situation than the other."
)


@pytest.mark.parametrize("lang", ["it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es"])
def test_wrong_language_catches_english_in_every_language(lang: str) -> None:
    good = yaml.safe_load((DATA / "translations.yaml").read_text(encoding="utf-8"))[lang]["forms"]
    passes("wrong-language", ENGLISH, good, lang)
    fails("wrong-language", ENGLISH, ENGLISH, lang, "reads as English (en, p=")


def test_wrong_language_skips_short_text_and_ignores_terms_code_and_urls() -> None:
    passes("wrong-language", "Who reads us", "Who reads us", "de")  # too short to judge
    text = (
        "`#mentalhealth` ZeroOpposite https://zeroopposite.example/contact #psychotherapy "
        "`localize validate --lang de`"
    )
    passes("wrong-language", text, text, "de")


def test_wrong_language_han_only_japanese_is_not_taken_for_chinese() -> None:
    kanji_only = "東京都知事選挙結果速報及各候補者得票数一覧"
    passes("wrong-language", "Results of the Tokyo governor election", kanji_only, "ja")
    # With kana the text is Japanese for sure: wrong in a Chinese file.
    japanese = yaml.safe_load((DATA / "translations.yaml").read_text(encoding="utf-8"))["ja"][
        "forms"
    ]
    fails("wrong-language", ENGLISH, japanese, "cn", "reads as Japanese")
    chinese = yaml.safe_load((DATA / "translations.yaml").read_text(encoding="utf-8"))["cn"][
        "forms"
    ]
    fails("wrong-language", ENGLISH, chinese, "ru", "reads as Chinese")


# --- parity ---------------------------------------------------------------


def test_emphasis() -> None:
    src = "Tell us when a sentence reads **awkwardly** in your language."
    passes(
        "emphasis", src, "Sagen Sie uns, wenn ein Satz in Ihrer Sprache **holprig** klingt.", "de"
    )
    fails(
        "emphasis",
        src,
        "Sagen Sie uns, wenn ein Satz in Ihrer Sprache holprig klingt.",
        "de",
        "1 **strong**, the translation 0 and 0",
    )
    # CommonMark: ** next to CJK punctuation and a letter does not close, so it shows as asterisks.
    fails("emphasis", "The **“editor”** publishes it.", "**「編集者」**が公開します。", "ja")
    passes("emphasis", "The **“editor”** publishes it.", "「**編集者**」が公開します。", "ja")


def test_links_and_images() -> None:
    src = "Write to the editors through the [contact page](https://zeroopposite.example/contact)."
    passes(
        "links",
        src,
        "Écrivez à la rédaction via la [page de contact](https://zeroopposite.example/contact).",
        "fr",
    )
    fails(
        "links",
        src,
        "Écrivez à la rédaction via la [page de contact](https://zeroopposite.example/fr/contact).",
        "fr",
        "missing https://zeroopposite.example/contact; extra https://zeroopposite.example/fr/contact",
    )
    fails("links", src, "Écrivez à la rédaction via la page de contact.", "fr", "missing")
    img = "![Reader numbers by language](img/readers.png)"
    passes("images", img, "![Número de lectores por idioma](img/readers.png)", "es")
    fails(
        "images",
        img,
        "![Número de lectores por idioma](img/lectores.png)",
        "es",
        "missing img/readers.png",
    )


def test_code_spans_html_and_line_breaks() -> None:
    src = "Tags such as `#mentalhealth` keep their own direction."
    passes("code-spans", src, "Tagi takie jak `#mentalhealth` zachowują własny kierunek.", "pl")
    fails(
        "code-spans",
        src,
        "Tagi takie jak `#zdrowiepsychiczne` zachowują własny kierunek.",
        "pl",
        "missing `#mentalhealth`",
    )
    html = "Read the <abbr>FAQ</abbr> first."
    passes("html-tags", html, "Lies zuerst die <abbr>FAQ</abbr>.", "de")
    fails("html-tags", html, "Lies zuerst die FAQ.", "de", "missing </abbr>, <abbr>")
    poem = "First line\\\nsecond line"
    passes("line-breaks", poem, "Erste Zeile\\\nzweite Zeile", "de")
    fails(
        "line-breaks",
        poem,
        "Erste Zeile zweite Zeile",
        "de",
        "1 hard line break(s), the translation 0",
    )


def test_urls_numbers_placeholders_terms() -> None:
    src = "Read more at https://zeroopposite.example/about."
    passes("urls", src, "اقرأ المزيد على https://zeroopposite.example/about.", "ar")
    fails("urls", src, "اقرأ المزيد على https://zeroopposite.example/ar/about.", "ar", "missing")
    passes("numbers", "English 41%", "الإنجليزية ٤١٪", "ar")  # Arabic-Indic digits
    passes("numbers", "About 1,000.5 readers", "Etwa 1.000,5 Leser", "de")
    passes("numbers", "In ten more languages", "さらに10の言語で", "ja")  # an extra number is fine
    fails(
        "numbers",
        "Share of readers: 17%",
        "Part des lecteurs : 71 %",
        "fr",
        "missing from the translation: 17",
    )
    passes(
        "placeholders",
        "%(count)d articles in {language}",
        "%(count)d artículos en {language}",
        "es",
    )
    fails(
        "placeholders",
        "%(count)d articles in {language}",
        "%(count)d artículos en {idioma}",
        "es",
        "missing {language}; extra {idioma}",
    )
    fails("placeholders", "Page %d of %d", "Página %d", "es", "missing %d")
    passes("placeholders", "Spanish 17% of readers", "Español: 17 % de lectores", "es")
    passes("placeholders", "Well done :tada: {{ name }}", "Bravo :tada: {{ name }}", "fr")
    fails("placeholders", "Well done :tada:", "Bravo :fête:", "fr", "missing :tada:")
    fails("placeholders", "Step {1} of {2}", "Étape {1}", "fr", "missing {2}")
    passes("placeholders", "At 10:30: the talk", "À 10:30 : la conférence", "fr")
    passes("dnt-terms", "Every article on ZeroOpposite", "Каждая статья на ZeroOpposite", "ru")
    fails(
        "dnt-terms",
        "Every article on ZeroOpposite",
        "Каждая статья на ЗероОппозит",
        "ru",
        "keep unchanged: ZeroOpposite",
    )
    fails(
        "dnt-terms",
        "Share it with #mentalhealth",
        "Поделитесь с #психическоездоровье",
        "ru",
        "#mentalhealth",
    )


def test_glossary_term() -> None:
    """More cases, in Russian, Arabic, Japanese and Chinese, in test_glossary.py."""
    terms = {"glossary": ((("client", "clients"), ("client", "clients")),)}
    src = "The client decides."
    passes("glossary", src, "Le client décide.", "fr", **terms)
    fails("glossary", src, "Le patient décide.", "fr", "'client' → 'client' | 'clients'", **terms)


# --- spacing ----------------------------------------------------------------


def test_newlines_and_surrounding_whitespace() -> None:
    passes("newlines", "Who reads us\n", "Chi ci legge\n", "it")
    fails("newlines", "Who reads us\n", "Chi ci legge", "it", "both end with a newline")
    fails("newlines", "\nWho reads us", "Chi ci legge", "it", "both begin")
    passes("surrounding-whitespace", "Who reads us", "Chi ci legge", "it")
    fails(
        "surrounding-whitespace", "Who reads us", "Chi ci legge ", "it", "trailing whitespace ' '"
    )
    fails("surrounding-whitespace", "Who reads us", "    Chi ci legge", "it", "leading whitespace")


def test_double_space() -> None:
    passes("double-space", "Join the team.", "Unisciti al gruppo.", "it")
    fails("double-space", "Join the team.", "Unisciti  al gruppo.", "it", "doubled space")


def test_brackets() -> None:
    src = "Each paragraph (and each list item) becomes an entry."
    passes("brackets", src, "Каждый абзац (и каждый пункт списка) становится записью.", "ru")
    passes("brackets", src, "各段落（および各リスト項目）が項目になります。", "ja")
    fails(
        "brackets",
        src,
        "Каждый абзац (и каждый пункт списка становится записью.",
        "ru",
        "'(' is never closed",
    )
    fails("brackets", src, "各段落（および各リスト項目が項目になります。", "ja", "never closed")
    passes("brackets", "Step 1) read", "Schritt 1) lesen", "de")  # the English is unbalanced too


def test_quotes_balance_uses_the_languages_pairs() -> None:
    src = "The “editor” publishes it."
    passes("quotes-balance", src, "Die „Redaktion“ veröffentlicht ihn.", "de")
    fails("quotes-balance", src, "Die „Redaktion veröffentlicht ihn.", "de", "1 „ but 0 “")
    passes("quotes-balance", src, "La «redazione» lo pubblica.", "it")
    fails("quotes-balance", src, "La «redazione lo pubblica.", "it", "1 « but 0 »")
    fails("quotes-balance", src, 'La "redazione lo pubblica.', "it", 'odd number of "')


# --- punctuation ------------------------------------------------------------


def test_ascii_end_mark() -> None:
    src = "How do power dynamics reflect larger societal hierarchies?"
    passes("ascii-end-mark", src, "كيف تعكس ديناميكيات القوة التراتبيات الاجتماعية الأوسع؟", "ar")
    fails(
        "ascii-end-mark",
        src,
        "كيف تعكس ديناميكيات القوة التراتبيات الاجتماعية الأوسع?",
        "ar",
        "ends with ASCII '?'; Arabic writes '؟'",
    )
    passes(
        "ascii-end-mark",
        "The editor publishes the English text.",
        "編集者が英語の本文を公開します。",
        "ja",
    )
    fails(
        "ascii-end-mark",
        "The editor publishes the English text.",
        "編集者が英語の本文を公開します.",
        "ja",
        "'。'",
    )
    fails(
        "ascii-end-mark",
        "The editor publishes the English text.",
        "编辑发布英文原文.",
        "cn",
        "'。'",
    )
    passes("ascii-end-mark", src, "Wie spiegeln Machtverhältnisse größere Hierarchien wider?", "de")


def test_native_marks() -> None:
    src = "A translator writes the translation, and a second translator reviews it."
    passes("native-marks", src, "يكتب مترجمٌ الترجمة، ويراجعها مترجمٌ ثانٍ.", "ar")
    fails("native-marks", src, "يكتب مترجمٌ الترجمة, ويراجعها مترجمٌ ثانٍ.", "ar", "'،' for ','")
    passes("native-marks", src, "一位译者完成翻译，另一位译者进行审校。", "cn")
    fails("native-marks", src, "一位译者完成翻译,另一位译者进行审校。", "cn", "'，' for ','")
    fails("native-marks", src, "翻訳者が訳文を書き,別の翻訳者が校閲します。", "ja", "'、' for ','")
    passes("native-marks", src, "Ein Übersetzer schreibt, ein zweiter prüft.", "de")


def test_end_punctuation() -> None:
    passes("end-punctuation", "Who reads us?", "¿Quién nos lee?", "es")
    passes("end-punctuation", "Who reads us?", "谁在阅读我们？", "cn")
    passes("end-punctuation", "Who reads us?", "من يقرأ لنا؟", "ar")
    passes("end-punctuation", "What happens to an article", "Ce qui arrive à un article", "fr")
    fails(
        "end-punctuation",
        "The editor publishes the English text.",
        "Die Redaktion veröffentlicht den Text",
        "de",
        "the English ends as a statement, the translation without an end mark",
    )
    fails("end-punctuation", "Who reads us?", "Wer uns liest.", "de", "as a question")


def test_inverted_marks_only_where_the_language_uses_them() -> None:
    src = "How can you help? Join us!"
    passes("inverted-marks", src, "¿Cómo puedes ayudar? ¡Únete a nosotros!", "es")
    fails(
        "inverted-marks",
        src,
        "Cómo puedes ayudar? Únete a nosotros!",
        "es",
        "'?' without its opening '¿'",
    )
    fails(
        "inverted-marks",
        src,
        "¿Cómo puedes ayudar? Únete a nosotros!",
        "es",
        "'!' without its opening '¡'",
    )
    passes("inverted-marks", src, "Come puoi aiutare? Unisciti a noi!", "it")


def test_space_before_marks_french_needs_a_no_break_space() -> None:
    src = "How can you help? Write to us: we read everything!"
    passes(
        "space-before-marks",
        src,
        f"Comment aider{NNBSP}? Écrivez-nous{NBSP}: nous lisons tout{NNBSP}!",
        "fr",
    )
    fails(
        "space-before-marks",
        src,
        "Comment aider ? Écrivez-nous : nous lisons tout !",
        "fr",
        "use a no-break space before '?'",
    )
    fails(
        "space-before-marks",
        src,
        "Comment aider? Écrivez-nous: nous lisons tout!",
        "fr",
        "missing no-break space before '?'",
    )
    passes("space-before-marks", "It starts at 10:30.", "Cela commence à 10:30.", "fr")
    passes(
        "space-before-marks",
        src,
        "Wie können Sie helfen? Schreiben Sie uns: Wir lesen alles!",
        "de",
    )
    fails(
        "space-before-marks",
        src,
        "Wie können Sie helfen ? Schreiben Sie uns!",
        "de",
        "no space before '?' in German",
    )
    fails("space-before-marks", "Who reads us?", "من يقرأ لنا ؟", "ar", "no space before '؟'")
    fails("space-before-marks", "Who reads us?", "谁在阅读我们 ？", "cn", "no space before '？'")


def test_quote_style() -> None:
    src = "The “editor” publishes it."
    passes("quote-style", src, "Die „Redaktion“ veröffentlicht ihn.", "de")
    passes("quote-style", src, "Die »Redaktion« veröffentlicht ihn.", "de")  # house styles vary
    fails("quote-style", src, "Die “Redaktion” veröffentlicht ihn.", "de", "German uses „…“")
    passes("quote-style", src, f"La «{NBSP}rédaction{NBSP}» le publie.", "fr")
    fails(
        "quote-style", src, "La «rédaction» le publie.", "fr", "'«' needs a no-break space after it"
    )
    passes("quote-style", src, "「編集者」が公開します。", "ja")
    fails("quote-style", src, "“編集者”が公開します。", "ja", "Japanese uses 「…」")
    passes("quote-style", src, "“编辑”发布它。", "cn")
    fails(
        "quote-style",
        src,
        'La "redacción" lo publica.',
        "es",
        "straight quotes where Spanish uses «…»",
    )
    passes("quote-style", src, "Редакция «публикует» его.", "ru")


def test_cjk_spacing() -> None:
    src = "The editor publishes the English text."
    passes("cjk-spacing", src, "ZeroOpposite の編集者が英語の本文を公開します。", "ja")
    fails("cjk-spacing", src, "編集者が 英語の本文を公開します。", "ja", "'が 英'")
    fails("cjk-spacing", src, "编辑 发布英文原文。", "cn", "no space between CJK characters")
    passes("cjk-spacing", src, "Die Redaktion veröffentlicht den Text.", "de")


# --- bidi and length --------------------------------------------------------


def test_bidi_controls_only_where_the_language_uses_them() -> None:
    src = "Names such as ZeroOpposite keep their own direction."
    arabic = "تحتفظ الأسماء مثل \u2068ZeroOpposite\u2069 باتجاهها الخاص.\u200f"
    passes("bidi-controls", src, arabic, "ar")
    fails(
        "bidi-controls",
        src,
        "Namen wie ZeroOpposite\u200f behalten ihre Richtung.",
        "de",
        "U+200F RIGHT-TO-LEFT MARK, which German text does not use",
    )
    fails(
        "bidi-controls",
        src,
        "تحتفظ الأسماء مثل \u202eZeroOpposite\u202c باتجاهها.",
        "ar",
        "RIGHT-TO-LEFT OVERRIDE",
    )


def test_bidi_balance() -> None:
    src = "Names such as ZeroOpposite keep their own direction."
    passes("bidi-balance", src, "تحتفظ الأسماء مثل \u2068ZeroOpposite\u2069 باتجاهها الخاص.", "ar")
    fails(
        "bidi-balance",
        src,
        "تحتفظ الأسماء مثل \u2068ZeroOpposite باتجاهها الخاص.",
        "ar",
        "U+2068 FIRST STRONG ISOLATE is never closed",
    )
    fails(
        "bidi-balance",
        src,
        "تحتفظ الأسماء مثل ZeroOpposite\u2069 باتجاهها الخاص.",
        "ar",
        "closes nothing",
    )


def test_length_ratio_by_language() -> None:
    src = "Each paragraph becomes a separate entry for translators."
    passes(
        "length-ratio", src, "Jeder Absatz wird zu einem eigenen Eintrag für die Übersetzer.", "de"
    )
    fails("length-ratio", src, "Jeder Absatz.", "de", "German is usually 0.5–2.2×")
    passes("length-ratio", src, "每个段落都会成为供译者翻译的独立条目。", "cn")
    fails(
        "length-ratio", src, "每个段落都会成为供译者翻译的独立条目。" * 4, "cn", "usually 0.1–0.9×"
    )
    passes(
        "length-ratio", "Who reads us", "Chi ci legge, e perché, e da dove, e quando", "it"
    )  # too short


# --- the good translations pass everything ----------------------------------


def test_reviewed_translations_pass_every_check() -> None:
    data = yaml.safe_load((DATA / "translations.yaml").read_text(encoding="utf-8"))
    english = data.pop("en")
    problems = []
    for code, entries in data.items():
        for key, text in entries.items():
            subject = Subject(msgid=english[key], msgstr=text, lang=get_language(code), terms=TERMS)
            problems += [f"{code} {key}: [{c.id}] {m}" for c, m in run_entry(subject)]
    assert problems == []


def test_ignore_flag_silences_one_check_for_one_entry() -> None:
    lang = get_language("de")
    english = "Suggest a better word for a technical term."
    noisy = Subject(msgid=english, msgstr=english, lang=lang)
    assert {c.id for c, _ in run_entry(noisy)} == {"unchanged", "wrong-language"}
    quiet = Subject(
        msgid=english,
        msgstr=english,
        lang=lang,
        ignored=frozenset({"unchanged"}),
        comment="ignore: unchanged Quoted on purpose.",
    )
    assert {c.id for c, _ in run_entry(quiet)} == {"wrong-language"}


def test_added_markup_is_mandatory() -> None:
    fails("added-markup", "Hello.", "Bonjour.\n\n[d]: https://evil.example/", "fr",
          "adds a line break")
    fails("added-markup", "See [docs][d].", "Voir [docs][x].", "fr", "reference '[x]'")
    passes("added-markup", "See [docs][d].", "Voir [la documentation][d].", "fr")
    english = "Read the guide."
    subject = Subject(msgid=english, msgstr="Lisez <script>x()</script> le guide.",
                      lang=get_language("fr"), ignored=frozenset({"added-markup"}),
                      comment="ignore: added-markup Because.")
    assert "added-markup" in {c.id for c, _ in run_entry(subject, skip=("added-markup",))}
    with pytest.raises(UsageError, match="cannot be skipped"):
        validate_ids(("added-markup",))


def test_pseudo_localization_gets_no_entry_check() -> None:
    lang = get_language("ar")
    text = "\u2045\u200f\u202eمن\u202c\u200f one two\u2046"
    pseudo = Subject(msgid="Who reads us", msgstr=text, lang=lang, engine="pseudo",
                     flags=frozenset({"fuzzy"}), comment="mt: pseudo")
    assert run_entry(pseudo) == []
    machine = Subject(msgid="Who reads us", msgstr=text, lang=lang, engine="google",
                      flags=frozenset({"fuzzy"}), comment="mt: google")
    assert {c.id for c, _ in run_entry(machine)} >= {"fuzzy-machine", "bidi-controls"}


def test_every_check_has_id_severity_and_title() -> None:
    checks = all_checks()
    assert len(checks) >= 30
    for item in checks:
        assert item.id and item.title and not item.title.endswith(".")
        assert item.severity in ("error", "warning")
    tested = Path(__file__).read_text(encoding="utf-8")
    untested = [c.id for c in checks if c.scope != "file" and f'"{c.id}"' not in tested]
    assert untested == []
