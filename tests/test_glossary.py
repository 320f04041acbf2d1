"""The glossary: reading po/glossary.csv, finding its terms, and validate's `glossary` check."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from validate_project import HOW, POWER, build, edit, fill

from pipeline.checks import REGISTRY, Subject
from pipeline.cli import cli
from pipeline.project.glossary import (
    GlossaryError,
    glossary_csv,
    load_glossary,
    parse_glossary,
    read_glossary,
)
from pipeline.project.languages import get_language
from pipeline.project.settings import load_settings

EN = get_language("en")

GLOSSARY = '''\
en,fr,ru,ar,ja,cn,de,note
therapist | therapists,thérapeute | thérapeutes,терапевт | терапевта | терапевтом,المعالج | معالج,セラピスト,治疗师,Therapeut | Therapeuten,"The person who treats, not ""counsellor"""
client | clients,client | clients,клиент | клиента | клиентом | клиенту,العميل | عميل,クライアント,来访者,Klient | Klienten,Never “patient”: the publication's choice
power,pouvoir,власть | власти | властью,القوة | السلطة,力,权力,,
power dynamic | power dynamics,dynamique de pouvoir | dynamiques de pouvoir | rapports de pouvoir,,,力関係,权力关系,Machtverhältnisse,
'''


def glossary(text: str = GLOSSARY):  # type: ignore[no-untyped-def]
    return parse_glossary(text, "po/glossary.csv", EN)


# --- reading -------------------------------------------------------------------


def test_forms_notes_and_quoted_cells() -> None:
    found = glossary()
    assert [lang.code for lang in found.languages] == ["en", "fr", "ru", "ar", "ja", "cn", "de"]
    therapist, client, power, dynamic = found.terms
    assert therapist.forms["en"] == ("therapist", "therapists")
    assert therapist.forms["ru"] == ("терапевт", "терапевта", "терапевтом")
    assert therapist.note == 'The person who treats, not "counsellor"'
    assert client.note == "Never “patient”: the publication's choice"
    assert "de" not in power.forms  # an empty cell: no agreed term
    assert dynamic.line == 5 and found.warnings == ()


def test_header_keys_resolve_through_the_language_table() -> None:
    found = glossary("EN,zh-Hans,pt_PT,Note\npower,权力,poder,x\n")
    assert [lang.code for lang in found.languages] == ["en", "cn", "pt"]
    assert found.terms[0].forms == {"en": ("power",), "cn": ("权力",), "pt": ("poder",)}


def test_unknown_columns_and_bad_rows_are_warnings_naming_the_line() -> None:
    found = glossary("en,fr,ko,note\npower,pouvoir,권력,\n,pouvoir,,\npower,a,b,c,d\n")
    assert found.warning_lines() == [
        "po/glossary.csv:1: column 'ko' names no language of the language table; ignored",
        "po/glossary.csv:3: no English term; row ignored",
        "po/glossary.csv:4: 5 cells but 4 columns; row ignored "
        "(a comma in a cell needs the cell in double quotes)",
    ]
    assert len(found.terms) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "po/glossary.csv:1: no header row; the first row names the columns "
             "(en, then language codes, then note)"),
        ("fr,de\npouvoir,Macht\n", "po/glossary.csv:1: no 'en' column; the header must name "
                                   "the source language (en) and the languages"),
        ("en,fr,FR\n", "po/glossary.csv:1: column 'FR': fr has a column already"),
        ('en,fr\npower,"pouvoir\n', "po/glossary.csv:2: not valid CSV: unexpected end of data"),
    ],
)
def test_unusable_files_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        glossary(text)
    assert str(caught.value) == message


def test_file_reading_bom_crlf_utf8_and_absence(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    assert not read_glossary(path, "g.csv", EN)  # no file: an empty glossary
    path.write_bytes("\ufeffen,fr\r\npower,pouvoir\r\n".encode())
    assert read_glossary(path, "g.csv", EN).terms[0].forms["fr"] == ("pouvoir",)
    path.write_bytes(b"en,fr\npower,pouvoir\nclient,\xe9\n")
    with pytest.raises(GlossaryError, match=r"^g.csv:3: not UTF-8; save the file as UTF-8 CSV$"):
        read_glossary(path, "g.csv", EN)


def test_written_csv_reads_back_the_same() -> None:
    found = glossary()
    text = glossary_csv(found.languages, found.terms)
    again = glossary(text)
    assert [(t.forms, t.note) for t in again.terms] == [(t.forms, t.note) for t in found.terms]
    assert again.digest == found.digest
    assert glossary(GLOSSARY.replace("Klient |", "Kunde |")).digest != found.digest


def test_candidates_are_whole_words_in_any_case_and_may_overlap() -> None:
    found = glossary()
    english = [t.forms["en"][0] for t in found.candidates("Power Dynamics shape every Client.")]
    assert english == ["client", "power", "power dynamic"]
    assert found.candidates("Empowerment and clientele") == []
    assert found.hits("the power dynamic", get_language("de")) == (
        (("power dynamic", "power dynamics"), ("Machtverhältnisse",)),
    )  # "power" has no German term


def test_the_setting_names_another_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nglossary = "terms.csv"\n')
    (tmp_path / "terms.csv").write_text("en,fr\npower,pouvoir\n", encoding="utf-8")
    found = load_glossary(load_settings(tmp_path))
    assert found.path == "terms.csv" and len(found.terms) == 1


# --- the check -----------------------------------------------------------------


def check(src: str, tgt: str, lang: str) -> str | None:
    language = get_language(lang)
    subject = Subject(msgid=src, msgstr=tgt, lang=language,
                      glossary=glossary().hits(src, language))
    result: str | None = REGISTRY["glossary"].func(subject)
    return result


QUESTION = "How do power dynamics between therapist and client reflect larger societal hierarchies?"


@pytest.mark.parametrize(
    ("lang", "honoured", "violated", "missing"),
    [
        ("fr",
         "Comment les rapports de pouvoir entre thérapeute et client reflètent-ils les "
         "hiérarchies sociales plus larges ?",
         "Comment les rapports de pouvoir entre thérapeute et patient reflètent-ils les "
         "hiérarchies sociales plus larges ?",
         "'client' → 'client' | 'clients'"),
        ("ru",
         "Как динамика власти между терапевтом и клиентом отражает более широкие "
         "социальные иерархии?",
         "Как динамика власти между психологом и клиентом отражает более широкие "
         "социальные иерархии?",
         "'therapist' → 'терапевт' | 'терапевта' | 'терапевтом'"),
        ("ar",
         "كيف تعكس ديناميكيات القوة بين المعالج والعميل التراتبيات الاجتماعية الأوسع؟",
         "كيف تعكس ديناميكيات القوة بين الطبيب النفسي والعميل التراتبيات الاجتماعية الأوسع؟",
         "'therapist' → 'المعالج' | 'معالج'"),
        ("ja",
         "セラピストとクライアントの間の力関係は、社会のより大きな階層構造をどのように映し出しているのでしょうか？",
         "セラピストと患者の間の力関係は、社会のより大きな階層構造をどのように映し出しているのでしょうか？",
         "'client' → 'クライアント'"),
        ("cn",
         "治疗师与来访者之间的权力关系如何反映更广泛的社会等级？",
         "治疗师与患者之间的权力关系如何反映更广泛的社会等级？",
         "'client' → '来访者'"),
    ],
)
def test_a_violated_term_is_caught_and_an_honoured_one_is_not(
    lang: str, honoured: str, violated: str, missing: str
) -> None:
    assert check(QUESTION, honoured, lang) is None
    assert check(QUESTION, violated, lang) == f"glossary term not used: {missing}"


def test_words_in_code_and_urls_and_parts_of_words_are_not_terms() -> None:
    src = "Run `power --client` or see https://example.com/therapist for empowerment."
    assert check(src, "Lancez `power --client` ou voyez https://example.com/therapist.", "fr") is None


def test_target_forms_are_whole_words_except_where_words_join() -> None:
    # "clientèle" does not hold the word "client"; in Chinese any occurrence counts
    assert check("The client decides.", "La clientèle décide.", "fr") is not None
    assert check("The client decides.", "由来访者决定。", "cn") is None
    assert check("The client decides.", "Le CLIENT décide.", "fr") is None  # any case
    # German compounds: "Klient" in "Klientenzentrierung" is the term
    assert check("The client decides.", "Die Klientenzentrierung entscheidet.", "de") is None
    assert check("The client decides.", "Der Patient entscheidet.", "de") is not None


def test_several_missing_terms_make_one_message() -> None:
    message = check("The therapist and the client.", "Le médecin et le patient.", "fr")
    assert message == (
        "glossary term not used: 'therapist' → 'thérapeute' | 'thérapeutes'; "
        "'client' → 'client' | 'clients'"
    )


# --- in validate -----------------------------------------------------------------


def invoke(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(folder), "validate", *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = build(tmp_path, ("fr", "ar", "ja"))
    for lang in ("fr", "ar", "ja"):
        fill(folder, HOW, lang)
        fill(folder, POWER, lang)
    return folder


PROJECT_GLOSSARY = """\
en,fr,ar,ja,note
therapist | therapists,thérapeute | thérapeutes,المعالج | معالج,セラピスト,
power,pouvoir,القوة | القوى,力,
"""
"""Terms the reviewed translations of tests/data/validate/translations.yaml follow."""


def glossary_problems(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "[glossary]" in line]


def test_validate_reports_a_translators_violation_and_a_glossary_edit_is_seen(
    project: Path,
) -> None:
    assert glossary_problems(invoke(project, "--strict")) == []  # no glossary: nothing
    (project / "po" / "glossary.csv").write_text(PROJECT_GLOSSARY, encoding="utf-8")
    result = invoke(project, "--strict")
    assert glossary_problems(result) == []  # the reviewed translations honour it
    edit(project, POWER, "ar", lambda entry, key: setattr(
        entry, "msgstr", entry.msgstr.replace("المعالج", "الطبيب النفسي")
    ) if key == "question" else None)
    result = invoke(project, "--strict")
    (problem,) = glossary_problems(result)
    assert problem.startswith(f"po/{POWER}/ar.po:")
    assert problem.endswith(
        "warning [glossary] glossary term not used: 'therapist' → 'المعالج' | 'معالج'"
    )
    assert result.exit_code == 1
    # a changed entry of the glossary is seen at once, though the PO files did not change
    (project / "po" / "glossary.csv").write_text(
        PROJECT_GLOSSARY.replace("المعالج | معالج", "المعالج | معالج | الطبيب النفسي"),
        encoding="utf-8",
    )
    assert glossary_problems(invoke(project, "--strict")) == []


def test_glossary_warnings_are_problems_of_the_glossary_file(project: Path) -> None:
    (project / "po" / "glossary.csv").write_text("en,fr,xx\npower,pouvoir,\n", encoding="utf-8")
    result = invoke(project, "--strict")
    assert glossary_problems(result) == [
        "po/glossary.csv:1: warning [glossary] column 'xx' names no language of the language "
        "table; ignored"
    ]
    (project / "po" / "glossary.csv").write_bytes(b"en,fr\n\xff\n")
    broken = invoke(project)
    assert broken.exit_code == 1
    assert "po/glossary.csv:2: not UTF-8; save the file as UTF-8 CSV" in broken.output
