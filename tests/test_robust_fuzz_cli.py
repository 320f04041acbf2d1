"""The command line under generated input: no traceback, ever.

Generated front matter, Markdown, ``[tool.localize]`` values and server
URLs go through the real commands (click's CliRunner, in process, so an
uncaught exception is seen as such). Every outcome must be exit 0, 1 or
2 with one-line errors; an uncaught exception or a traceback fails the
property. ``LOCALIZE_FUZZ_EXAMPLES`` scales the number of examples (each
property runs a fraction of it); ``test_robust_tracebacks.py`` holds what
such runs found.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import cli
from pipeline.mt import dispatch
from pipeline.project.settings import Settings

EXAMPLES = int(os.environ.get("LOCALIZE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
COMMANDS = (["extract"], ["status"], ["validate"], ["assemble"], ["run", "--offline"])

# --- what is generated ------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
words = st.from_regex(r"[A-Za-zÀ-ÿ0-9 ,.!?'\-]{0,30}", fullmatch=True)
INLINE = ["**", "_", "`", "[", "]", "(", ")", "![", "<b>", "</b>", "&amp;", "&#0;", "<http://x.y>",
          "\\", "  \n", "|", "#", "<!--", "-->", "[^1]", "https://example.org/a?b=c", "\t",
          "\u202e", "\u2028", "\x00", "\x7f", "*a*", "[a][b]", "[a]: /u"]
inline = st.lists(st.one_of(words, st.sampled_from(INLINE), text), max_size=8).map("".join)
BLOCKS = ["# {}", "### {} ###", "{}\n===", "- {}\n  - {}", "1. {}", "> {}\n> > {}",
          "| {} | {} |\n|---|---|\n| {} | {} |", "```\n{}\n```", "    {}", "<div>\n{}\n</div>",
          "[{}]: http://example.org/{}", "![{}]({})", "{}\\\n{}", "---", "<!-- {} -->", "{}"]


@st.composite
def block(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(BLOCKS))
    return template.format(*(draw(inline) for _ in range(template.count("{}"))))


markdown = st.lists(block(), max_size=8).map("\n\n".join)
TAGS = ["!!float", "!!int", "!!bool", "!!timestamp", "!!binary", "!!str", "!!null", "!!set",
        "!!omap", "!!map", "!!seq", "!!python/name:os.system", "!", "!local"]
dates = st.builds("{}-{}-{}{}".format, st.integers(-1, 99999), st.integers(0, 99),
                  st.integers(0, 99),
                  st.sampled_from(["", " 10:00:00", "T25:61:61Z", " 23:59:60 +99:00", "t1"]))
scalar = st.one_of(
    text.map(json.dumps), words, dates, st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.builds("{} {}".format, st.sampled_from(TAGS), st.one_of(words, dates, text.map(json.dumps))),
    st.sampled_from(["[a, b]", "{a: 1}", "[", "{", "&a x", "*a", "|\n  block", ">-\n  fold",
                     "? [a]\n: b", "~", "null", "yes", "0o17", "0x1F", ".inf", "-.nan", "1e999"]),
)
KEYS = ["title", "description", "summary", "subtitle", "excerpt", "slug", "date", "tags",
        "author", "1", "null", "? [k]", "title"]
front_matter = st.lists(st.tuples(st.sampled_from(KEYS), scalar), max_size=6).map(
    lambda pairs: "---\n" + "".join(f"{key}: {value}\n" for key, value in pairs) + "---\n")
document = st.builds("{}\n{}\n".format, st.one_of(st.just(""), front_matter), markdown)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


SETTING_KEYS = [f.name for f in fields(Settings) if f.name != "root"]
toml_scalar = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1), st.floats(), text,
                        st.sampled_from(["", ".", "..", "/", "/tmp", "../x", "source", "po",
                                         "output", "a/b", "fr", "cn", "xx", "none", "pseudo",
                                         "libre", "omit", "english", "http://[x"]))
toml_values = st.one_of(toml_scalar, st.lists(toml_scalar, max_size=4),
                        st.dictionaries(st.sampled_from(["fr", "cn", "xx", ""]), toml_scalar,
                                        max_size=3))
configuration = st.one_of(
    st.dictionaries(st.sampled_from([*SETTING_KEYS, "langauges", "Workers", "max-segment-chars"]),
                    toml_values, max_size=4).map(
        lambda table: "[tool.localize]\nworkers = 1\n" + "".join(
            f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in table.items()
            if key != "workers")),
    text.map(lambda junk: f"[tool.localize]\n{junk}\n"),
    st.sampled_from(["[tool]\nlocalize = 3\n", "[tool.localize]\n[tool.localize]\n", "tool = 1\n",
                     "[tool.localize]\nlanguages = [\"fr\", 1]\n"]),
)
HOSTS = ["127.0.0.1", "[::1]", "[x", "localhost", "", "user:pw@127.0.0.1", "127.0.0.1:99999",
         "127.0.0.1:-1", "127.0.0.1:port", "[::1]:0", "exa mple", "\x00", "127.0.0.1:1"]
urls = st.one_of(
    text,
    st.builds("{}://{}{}".format, st.sampled_from(["http", "https", "ftp", "", "HTTP", "javascript"]),
              st.sampled_from(HOSTS), st.sampled_from(["", "/", "/translate", "?q=1#f", "/%zz"])),
)

# --- running it --------------------------------------------------------------------

_SOURCE_LINE = re.compile(r"^(error|Error): source/a\.md(:\d+)?: \S")


def run_clean(project: Path, *args: str) -> Result:
    """Run one command; fail on anything but exit 0, 1 or 2 with one-line errors."""
    result = CliRunner().invoke(cli, ["--project", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.exception, result.output)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    for line in result.stderr.splitlines():
        if "source/a.md" in line and line.lower().startswith("error"):
            assert _SOURCE_LINE.match(line), (args, line)
    return result


def project_with(folder: Path, config: str, source: str) -> Path:
    (folder / "source").mkdir()
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    (folder / "source" / "a.md").write_text(source, encoding="utf-8", errors="surrogatepass")
    return folder


BASIC = '[tool.localize]\nlanguages = ["fr", "ar"]\nworkers = 1\n'


@pytest.mark.slow
@FUZZ
@given(source=document)
def test_generated_articles_never_crash_a_command(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = project_with(Path(folder), BASIC, source)
        for command in COMMANDS:
            run_clean(project, *command)


@pytest.mark.slow
@FUZZ
@given(config=configuration, source=st.one_of(document, st.just("# Title\n\nText.\n")))
def test_generated_configurations_never_crash_a_command(config: str, source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = project_with(Path(folder), config, source)
        for command in COMMANDS:
            result = run_clean(project, *command)
            if result.exit_code == 2:
                break  # the configuration is refused the same way by every command


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without waiting: the property is about what is printed, not the backoff."""
    monkeypatch.setattr(dispatch.RetryPolicy, "delay", lambda self, attempt: 0.0)


@pytest.mark.slow
@FUZZ
@given(url=urls)
def test_generated_server_urls_never_crash_translate(url: str, quick_retries: None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = project_with(Path(folder), BASIC, "# Title\n\nText to translate.\n")
        assert run_clean(project, "extract").exit_code == 0
        result = run_clean(project, "translate", "--engine", "libre", "--libre-url", url,
                           "--timeout", "0.5")
        assert "user:pw" not in result.output  # credentials are never shown
        run_clean(project, "translate", "--engine", "libre", "--libre-url", url, "--dry-run")
