"""Every PO and POT file the pipeline writes or ships passes GNU msgfmt and i18nspector.

Both tools must be installed (`scripts/test` installs them: Debian packages
`gettext` and `i18nspector`); a missing tool fails the test in CI (``tools.need``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from conftest import ROOT
from tools import need
from validate_project import HOW, POWER, build, edit, fill

from pipeline.extract.stage import extract
from pipeline.po import marks
from pipeline.project.settings import DEFAULT_LANGUAGES, load_settings
from pipeline.validate.stage import validate


def _tool(name: str, package: str) -> str:
    return need(name)


def _written_project(folder: Path) -> list[Path]:
    """The repository's articles through the pipeline: translated, machine-marked, then merged
    after an English edit, so the files hold every kind of entry the pipeline writes."""
    build(folder, DEFAULT_LANGUAGES)
    for lang in DEFAULT_LANGUAGES:
        fill(folder, HOW, lang)
        fill(folder, POWER, lang)

    def machine(entry: polib.POEntry, key: str | None) -> None:
        if key == "awkward":
            marks.mark_machine(entry, "google")

    edit(folder, HOW, "ar", machine)
    source = folder / "source" / f"{HOW}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "If one of the ten languages is your first language,",
            "If one of the ten languages is your mother tongue,",
        ).replace("- Suggest a better word for a technical term.\n", ""),
        encoding="utf-8",
    )
    stats = extract(load_settings(folder))
    assert not stats.errors and stats.written
    files = sorted((folder / "po").rglob("*.po")) + sorted((folder / "po").rglob("*.pot"))
    merged = (folder / f"po/{HOW}/ja.po").read_text(encoding="utf-8")
    assert "#| msgid" in merged and "#~ msgid" in merged and "#, fuzzy" in merged
    return files


def _check(files: list[Path]) -> None:
    msgfmt = _tool("msgfmt", "gettext")
    i18nspector = _tool("i18nspector", "i18nspector")
    assert files
    for path in files:
        run = subprocess.run(
            [msgfmt, "-c", "--check-format", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, f"msgfmt -c rejects {path}:\n{run.stderr}"
    run = subprocess.run([i18nspector, *map(str, files)], capture_output=True, text=True)
    errors = [line for line in run.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], "\n".join(errors)


def test_files_the_pipeline_writes_pass_msgfmt_and_i18nspector(tmp_path: Path) -> None:
    files = _written_project(tmp_path)
    assert len(files) == 3 * (len(DEFAULT_LANGUAGES) + 1)  # two articles and the site strings
    _check(files)
    report = validate(load_settings(tmp_path), use_cache=False)
    assert [p for p in report.problems if p.severity == "error"] == []
    # The machine-translation mark (`#, fuzzy` + `# mt: google`) survives merge and writer.
    assert {p.check for p in report.problems} == {
        "untranslated",
        "fuzzy-machine",
        "fuzzy-stale",
        "obsolete",
    }


def test_files_the_repository_ships_pass_msgfmt_and_i18nspector() -> None:
    _check(sorted((ROOT / "po").rglob("*.po")) + sorted((ROOT / "po").rglob("*.pot")))
