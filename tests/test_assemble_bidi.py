"""Isolation of left-to-right runs in right-to-left text."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.assemble.bidi import FSI, PDI, isolate_html, isolate_plain, ltr_runs


def runs(text: str, terms: tuple[str, ...] = ()) -> list[str]:
    return [text[start:end] for start, end in ltr_runs(text, terms)]


@pytest.mark.parametrize(("text", "expected"), [
    ("تُكتب كل مقالة على ZeroOpposite بالإنجليزية.", ["ZeroOpposite"]),
    ("مصطلح تقني مثل machine translation.", ["machine translation"]),
    ("عبر الوسم #mentalhealth اليوم", ["#mentalhealth"]),
    ("على https://zeroopposite.example/contact. يُرجى", ["https://zeroopposite.example/contact"]),
    ("لغة C++ و Python3 معًا", ["C++", "Python3"]),
    ("نموذج 3D جديد", ["3D"]),
    ("كتاب Power, Privilege, and Therapy مهم", ["Power, Privilege, and Therapy"]),
    ("الاسم (WHO) هنا", ["WHO"]),
    ("اسم Foo (Bar) هنا", ["Foo (Bar)"]),
    ("النسبة 41٪ فقط", []),
    ("عربي فقط", []),
    ("日本語 and English", ["日本語 and English"]),
])
def test_ltr_runs(text: str, expected: list[str]) -> None:
    assert runs(text) == expected


def test_do_not_translate_terms_are_runs_whatever_their_characters() -> None:
    assert runs("استخدم .NET اليوم", (".NET",)) == [".NET"]
    assert runs("استخدم .NET اليوم") == ["NET"]


def test_html_isolation_escapes_every_piece() -> None:
    text = "اكتب <b> & ZeroOpposite&amp; هنا"
    result = str(isolate_html(text))
    assert result == "اكتب &lt;<bdi>b&gt; &amp; ZeroOpposite&amp;amp</bdi>; هنا"
    assert html.unescape(result.replace("<bdi>", "").replace("</bdi>", "")) == text


def test_html_isolation_wraps_only_ltr_runs() -> None:
    assert str(isolate_html("مرحبا ZeroOpposite!")) == "مرحبا <bdi>ZeroOpposite</bdi>!"
    assert str(isolate_html("<script>")) == "&lt;<bdi>script</bdi>&gt;"


def test_plain_isolation_uses_first_strong_isolates() -> None:
    assert isolate_plain("عن ZeroOpposite") == f"عن {FSI}ZeroOpposite{PDI}"


@given(st.text(alphabet=st.sampled_from("abc XY#:/.،ب ت&<>\"'1٢"), max_size=40))
def test_isolation_never_reorders_or_loses_characters(text: str) -> None:
    assert isolate_plain(text).replace(FSI, "").replace(PDI, "") == text
    spans = ltr_runs(text)
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
