"""Benchmark the pipeline against po4a, mdpo and translate-toolkit on 200 documents x 11 languages.

    python bench/run_bench.py [--docs 200] [--runs 3] [--work DIR] [--json FILE]

What it does, in one run and on the same files (see bench/README.md):

1. Builds a corpus of real Markdown documents with ``tests/corpus.py`` (the
   round-trip tests' builder), sets up a project with them and ten target
   languages, and fills every PO file with a per-language pseudo
   translation (accented Latin, Cyrillic, Arabic, kana, hanzi; code spans,
   link targets and HTML kept), so later stages have real text to work on.
2. Installs the peers: mdpo and translate-toolkit (with rapidfuzz, its
   fast fuzzy matcher) from PyPI into a throwaway virtual environment; po4a
   and GNU gettext from Debian (apt-get) when missing.
3. Times each stage for us and each peer, every tool in its fastest
   documented mode: one process over many files where it has one, and every
   tool (us included) on all cores, by running its processes side by side.
   Each figure is the min and median of ``--runs`` runs (fewer for a peer
   whose first run is very slow: the run count is printed).
4. Prints the table, every ratio ours : peer, the peak memory of our full
   run, and which targets are met.

Commands each peer runs are printed with the table (``--show-commands``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import corpus  # noqa: E402
import polib  # noqa: E402

from pipeline.markdown.document import parse_text  # noqa: E402
from pipeline.po import catalog  # noqa: E402
from pipeline.project.languages import Language, get_language, get_languages  # noqa: E402

TARGETS = ("it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es")
JOBS = os.cpu_count() or 1
BUDGET = 45.0
"""Seconds one measurement may take; a slower tool gets fewer runs (at least one)."""
CHANGE_EVERY = 20
"""One paragraph in this many is edited for the update stage (5 %)."""

# --- pseudo translation ------------------------------------------------------------
#
# Every English word becomes a common word of the target language (the same
# English word always the same one), in its own script, with the language's
# punctuation, quotation marks and spacing taken from the language table, so
# that the translations pass validation as real ones would and langdetect
# recognises them. Code spans, link targets, HTML and URLs are kept as they are.

_KEEP = re.compile(
    r"(`+)[^`]*?\1|\]\([^)]*\)|\]\[[^\]]*\]|<[^>\n]*>|https?://[^\s)>\]]+|&#?\w+;|\\.|\{[^}]*\}"
)
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_LEXICON = {
    "it": "il la di che e un una per non in con sono questo come più anche ma se lo gli le del "
          "della nel alla tutto fare essere avere casa tempo anno giorno lavoro vita mondo parte "
          "cosa modo paese caso sistema programma gruppo problema dati servizio versione utente "
          "progetto codice esempio nuovo grande primo ultimo stesso altro molto bene sempre "
          "ancora dove quando perché ogni",
    "fr": "le la les de des un une et est pour pas dans avec sur que qui ce cette nous vous ils "
          "elle être avoir faire plus tout mais comme aussi bien très sans sous entre après avant "
          "depuis donc alors encore toujours temps jour année travail monde partie chose façon "
          "pays système programme groupe problème données service version fichier utilisateur "
          "projet exemple nouveau grand premier dernier même autre",
    "de": "der die das und ist nicht ein eine zu mit von für auf den dem des im sich auch als "
          "wie wird werden sein haben oder aber noch nur schon sehr wenn dann weil über unter "
          "nach vor durch ohne gegen zwischen Zeit Jahr Tag Arbeit Welt Teil Sache Weise Land "
          "System Programm Gruppe Problem Daten Dienst Version Datei Benutzer Projekt Beispiel "
          "neu groß erste letzte gleiche andere",
    "pl": "i w na nie się z do to że jest jak ale o po za od przez dla tak już tylko jeszcze "
          "bardzo może są być mieć robić wszystko kiedy gdzie dlaczego czas rok dzień praca świat "
          "część rzecz sposób kraj system program grupa problem dane usługa wersja plik "
          "użytkownik projekt kod przykład nowy duży pierwszy ostatni inny każdy",
    "pt": "o a os as de do da dos das e é um uma para não em com por que se mais como mas também "
          "muito bem sempre ainda onde quando porque cada ser ter fazer estar todo tempo ano dia "
          "trabalho mundo parte coisa modo país sistema programa grupo problema dados serviço "
          "versão arquivo usuário projeto código exemplo novo grande primeiro último mesmo outro",
    "es": "el la los las de del y es un una para no en con por que se más como pero también muy "
          "bien siempre todavía donde cuando porque cada ser tener hacer estar todo tiempo año "
          "día trabajo mundo parte cosa modo país sistema programa grupo problema datos servicio "
          "versión archivo usuario proyecto código ejemplo nuevo grande primero último mismo otro",
    "ru": "и в не на что он с как а то все она так его но да к у же вы за бы по только мне было "
          "вот от еще нет о из ему теперь когда даже ли если уже или быть был до вам там потом "
          "себя ничего может они тут где есть надо для мы их чем сам без тоже под будет тогда кто "
          "этот время работа система программа данные файл проект код пример новый другой",
    "ar": "في من على إلى أن هذا هذه التي الذي كان عن مع كل هو هي لا ما بين قد ثم أو بعد عند حتى "
          "إذا لكن منذ أيضا غير يمكن يجب نظام برنامج بيانات ملف مشروع مثال وقت عمل عالم جزء شيء "
          "طريقة بلد مجموعة مشكلة خدمة إصدار مستخدم جديد كبير أول آخر نفس",
    "ja": "の に は を が で て と し ある いる も する から な こと として や など ない この ため "
          "その よう また もの という まで なる へ か これ により より ず しかし について できる "
          "それ ので なお および さらに でも たち ます 時間 仕事 世界 部分 方法 国 システム "
          "プログラム データ ファイル プロジェクト コード 例 新しい 大きい 最初 最後",
    "cn": "的 是 在 不 了 有 和 人 这 中 大 为 上 个 国 我 以 要 他 时 来 用 们 生 到 作 地 于 "
          "出 就 分 对 成 会 可 主 发 年 动 同 工 也 能 下 过 子 说 产 种 面 而 方 后 多 定 行 学 "
          "法 所 民 得 经 之 进 着 等 部 度 家 电 力 里 如 水 化 高 自 理 起 小 物 现 实 加 量 都 "
          "两 体 制 机 当 使 点 从 业 本 去 把 性 好 应 开 它 合 还 因 由 其 些 然 前 外 天 系统 "
          "程序 数据 文件 项目 代码 例子 时间 工作 世界 方法",
}
_WORDS = {code: words.split() for code, words in _LEXICON.items()}
_MARK_AFTER_TEXT = re.compile(r"(?:(?<=[^\d\s])|^)[.,;:!?](?=\s|$)")
_SENTENCES = re.compile(r"(?<=[.!?])(?=\s)")


def pseudo(text: str, code: str) -> str:
    """A translation of ``text`` into ``code`` that looks like one to every check."""
    lang = get_language(code)
    out: list[str] = []
    position = 0
    for match in _KEEP.finditer(text):
        out.append(_prose(text[position : match.start()], lang))
        out.append(match.group(0))
        position = match.end()
    out.append(_prose(text[position:], lang))
    if lang.full_width:  # no space between CJK text and code or links either
        out = [part if part.startswith(("`", "]", "<", "http")) else part.strip(" ")
               for part in out]
    return "".join(out)


def _prose(text: str, lang: Language) -> str:
    if not text:
        return text
    words = _WORDS[lang.code]

    def word(match: re.Match[str]) -> str:
        english = match.group(0)
        index = int(hashlib.blake2b(english.lower().encode(), digest_size=4).hexdigest(), 16)
        chosen = words[index % len(words)]
        return chosen.capitalize() if english[0].isupper() and lang.script == "Latn" else chosen

    text = _WORD.sub(word, text)
    if lang.native_marks:
        text = _MARK_AFTER_TEXT.sub(lambda m: lang.native_marks.get(m.group(0), m.group(0)), text)
    if lang.full_width:
        wide = lang.letters + "".join(lang.native_marks.values())
        text = re.sub(f"(?<=[{wide}]) +(?=[{wide}])", "", text)
    if lang.nbsp_before:
        text = re.sub(f" ?([{re.escape(lang.nbsp_before)}])(?=\\s|$)", "\u202f\\1", text)
    if lang.inverted_marks:
        text = "".join(_open(part, lang.inverted_marks) for part in _SENTENCES.split(text))
    if '"' in text:
        quotes = iter(lang.quotes * (text.count('"') // 2 + 1))
        text = re.sub('"', lambda m: next(quotes), text)
    return text


def _open(sentence: str, inverted: dict[str, str]) -> str:
    """Spanish ¿ … ? and ¡ … !: the opening mark before a sentence ending with the closing one."""
    stripped = sentence.lstrip()
    opening = inverted.get(stripped[-1:], "")
    return sentence[: len(sentence) - len(stripped)] + opening + stripped


def fill_po(po: polib.POFile, code: str) -> None:
    for entry in po:
        if entry.msgid and not entry.obsolete:
            entry.msgstr = pseudo(entry.msgid, code)


def edit_paragraphs(text: str, name: str, every: int = CHANGE_EVERY) -> tuple[str, int, int]:
    """``text`` with one paragraph in ``every`` edited (a clause added to its first line)."""
    doc = parse_text(text, Path(name))
    lines = text.splitlines(keepends=True)
    paragraphs = [s for s in doc.segments if s.kind == "Paragraph"]
    edited = 0
    for number, segment in enumerate(paragraphs):
        if number % every != every // 2:
            continue
        index = segment.line - 1
        body = lines[index].rstrip("\r\n")
        if body.endswith(("\\", "  ")):
            continue
        lines[index] = body + " (revised)" + lines[index][len(body):]
        edited += 1
    return "".join(lines), edited, len(paragraphs)


# --- running and timing --------------------------------------------------------------


@dataclass
class Figure:
    """One tool's timings for one stage."""

    stage: str
    tool: str
    command: str
    times: list[float] = field(default_factory=list)
    failures: int = 0
    note: str = ""

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


class Failed(Exception):
    pass


def run(argv: Sequence[str | Path], cwd: Path | None = None, check: bool = True,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, text=True,
                            capture_output=True)
    if check and result.returncode not in (0,):
        command = " ".join(map(str, argv))
        raise Failed(f"{command}: exit {result.returncode}\n{result.stderr[-2000:]}")
    return result


def run_many(commands: list[list[str]], jobs: int = JOBS, cwd: Path | None = None) -> int:
    """Run ``commands`` ``jobs`` at a time; the number that failed."""
    def one(argv: list[str]) -> int:
        done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return 1 if done.returncode else 0

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return sum(pool.map(one, commands))


def halves(items: Sequence[Path], parts: int = JOBS) -> list[list[Path]]:
    """``items`` cut into ``parts`` interleaved shares (similar sizes)."""
    return [list(items[i::parts]) for i in range(parts) if items[i::parts]]


def measure(figure: Figure, action: Callable[[], int], prepare: Callable[[], None] | None = None,
            runs: int = 3, budget: float = BUDGET) -> Figure:
    """Time ``action`` (after an untimed ``prepare``) up to ``runs`` times within ``budget``."""
    while len(figure.times) < runs:
        if prepare:
            prepare()
        start = time.perf_counter()
        figure.failures = action()
        figure.times.append(time.perf_counter() - start)
        if sum(figure.times) + figure.times[-1] > budget and len(figure.times) >= 1:
            break
    shown = ", ".join(f"{t:.2f}" for t in figure.times)
    print(f"  {figure.stage:<10} {figure.tool:<28} {shown} s"
          + (f"  ({figure.failures} failed)" if figure.failures else ""), flush=True)
    return figure


def peak_rss(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak total RSS of the process tree in MB, exit code), sampling /proc."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak / 1024, process.returncode


def _tree_rss(root: int) -> int:
    """KiB resident in ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, ppid = int(entry), int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Path → SHA-256 of every file under ``folder`` (names starting with ``skip`` left out)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith(skip):
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def replace_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


# --- the workspace ------------------------------------------------------------------


PYPROJECT = """\
[tool.localize]
source_dir = "source"
po_dir = "po"
output_dir = "output"
project_name = "Bench"
languages = [{languages}]
"""


@dataclass
class Workspace:
    root: Path
    docs: int
    ours_python: Path
    peers_python: Path = Path()
    languages: list[Language] = field(default_factory=list)

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def changed(self) -> Path:
        return self.root / "changed"

    @property
    def project(self) -> Path:
        return self.root / "ours"

    @property
    def state(self) -> Path:
        return self.root / "state"

    def peer(self, name: str) -> Path:
        return self.root / "peers" / name

    @property
    def localize(self) -> list[str]:
        return [str(self.ours_python), "-m", "pipeline"]

    def documents(self, folder: Path | None = None) -> list[Path]:
        return sorted((folder or self.corpus).glob("*.md"))


def make_project(folder: Path, languages: Sequence[str], sources: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in languages)
    (folder / "pyproject.toml").write_text(PYPROJECT.format(languages=listed), encoding="utf-8")
    for path in sorted(sources.glob("*.md")):
        shutil.copy(path, folder / "source" / path.name)


def set_up(ws: Workspace) -> None:
    print(f"setting up in {ws.root}", flush=True)
    # pip byte-compiles the peers when it installs them; an editable install of ours may
    # have no bytecode, and PYTHONDONTWRITEBYTECODE would then recompile it in every process.
    run([ws.ours_python, "-m", "compileall", "-q", Path(catalog.__file__).parent])
    ws.corpus.mkdir(parents=True, exist_ok=True)
    count = corpus.write(ws.corpus, ws.docs)
    if count < ws.docs:
        print(f"  only {count} documents found on this machine", flush=True)
    ws.changed.mkdir(exist_ok=True)
    edited = paragraphs = 0
    for path in ws.documents():
        text, n, total = edit_paragraphs(path.read_text(encoding="utf-8"), path.name)
        (ws.changed / path.name).write_text(text, encoding="utf-8")
        edited, paragraphs = edited + n, paragraphs + total
    print(f"  {count} documents, {paragraphs} paragraphs, {edited} edited for the update "
          f"({100 * edited / max(paragraphs, 1):.1f} %)", flush=True)
    ws.languages = get_languages(TARGETS)
    make_project(ws.project, TARGETS, ws.corpus)
    run([*ws.localize, "extract"], cwd=ws.project)
    _fill_ours(ws)
    replace_tree(ws.project / "po", ws.state / "po-filled")


def _fill_ours(ws: Workspace) -> None:
    paths = [p for p in sorted((ws.project / "po").glob("*/*.po")) if p.parent.name != "site"]
    with ProcessPoolExecutor(JOBS) as pool:
        list(pool.map(_fill_one, paths, chunksize=20))


def _fill_one(path: Path) -> None:
    po = catalog.load_po(path)
    fill_po(po, next(lang.code for lang in get_languages(TARGETS) if lang.locale == path.stem))
    catalog.save_po(po, path)


def install_peers(ws: Workspace, venv: Path | None) -> None:
    missing = [tool for tool in ("po4a", "msgmerge") if shutil.which(tool) is None]
    if missing:
        print("  apt-get install po4a gettext", flush=True)
        run(["apt-get", "install", "-y", "-q", "po4a", "gettext"])
    folder = venv or ws.root / "venv-peers"
    python = folder / "bin" / "python"
    if not python.exists():
        print(f"  pip install mdpo translate-toolkit[markdown] rapidfuzz into {folder}", flush=True)
        run([sys.executable, "-m", "venv", folder])
        run([python, "-m", "pip", "install", "-q", "mdpo", "translate-toolkit[markdown]",
             "rapidfuzz"])
    ws.peers_python = python
    versions = run([python, "-c", "import importlib.metadata as m; "
                    "print(*(f'{p} {m.version(p)}' for p in "
                    "('mdpo', 'translate-toolkit', 'rapidfuzz')), sep=', ')"]).stdout.strip()
    po4a = run(["po4a", "--version"]).stdout.splitlines()[0]
    gettext = run(["msgmerge", "--version"]).stdout.splitlines()[0]
    print(f"  peers: {versions}; {po4a}; {gettext}", flush=True)


# --- driver scripts run by the peers' own Python --------------------------------------

MDPO_EXTRACT = """\
import sys
from mdpo.md2po import markdown_to_pofile
out = sys.argv[1]
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1][:-3]
    markdown_to_pofile(path, location=True).save(f"{out}/{name}.pot")
"""

MDPO_REBUILD = """\
import sys
from mdpo.po2md import pofile_to_markdown
po_root, out_root, langs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
for path in sys.argv[4:]:
    name = path.rsplit("/", 1)[-1][:-3]
    for lang in langs:
        pofile_to_markdown(path, f"{po_root}/{lang}/{name}.po", save=f"{out_root}/{lang}/{name}.md")
"""

POLIB_FLOOR = """\
import sys, polib
for path in sys.argv[2:]:
    polib.pofile(path).save(sys.argv[1] + "/" + path.replace("/", "_"))
"""


def driver(ws: Workspace, name: str, code: str) -> Path:
    path = ws.root / "drivers" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(code, encoding="utf-8")
    return path


# --- peers' own catalogs (their extraction of the original corpus, filled) -------------


def prepare_peers(ws: Workspace) -> None:
    """Each peer's POT of every original and edited document, and filled PO files."""
    print("  peers' templates and filled catalogs", flush=True)
    codes = [lang.code for lang in ws.languages]
    # mdpo
    for folder in ("pot", "pot-new"):
        (ws.peer("mdpo") / folder).mkdir(parents=True, exist_ok=True)
    script = driver(ws, "mdpo_extract.py", MDPO_EXTRACT)
    run([ws.peers_python, script, ws.peer("mdpo") / "pot", *map(str, ws.documents())])
    _fill_peer(ws.peer("mdpo") / "pot", ws.peer("mdpo") / "po", codes, per_language_dir=True)
    # translate-toolkit
    ws.peer("ttk").mkdir(parents=True, exist_ok=True)
    run([ws.peers_python, "-m", "translate.convert.md2po", "--progress=none", "-P",
         "-i", ws.corpus, "-o", ws.peer("ttk") / "pot"])
    run([ws.peers_python, "-m", "translate.convert.md2po", "--progress=none", "-P",
         "-i", ws.changed, "-o", ws.peer("ttk") / "pot-new"])
    _fill_peer(ws.peer("ttk") / "pot", ws.peer("ttk") / "po", codes, per_language_dir=True)
    # po4a
    pots = ws.peer("po4a") / "pot"
    pots.mkdir(parents=True, exist_ok=True)
    failed = run_many([_po4a_updatepo(doc, [pots / f"{doc.stem}.pot"])
                       for doc in ws.documents()])
    if failed:
        print(f"  po4a could not extract {failed} document(s)", flush=True)
    _fill_peer(pots, ws.peer("po4a") / "po", codes, per_language_dir=False)
    replace_tree(ws.peer("po4a") / "po", ws.state / "po4a-po-filled")


def _fill_peer(pots: Path, out: Path, codes: list[str], per_language_dir: bool) -> None:
    """Each peer's own templates, filled like ours (written as msgcat would write them)."""
    jobs = [(pot, out, codes, per_language_dir) for pot in sorted(pots.glob("*.pot"))]
    with ProcessPoolExecutor(JOBS) as pool:
        list(pool.map(_fill_peer_one, jobs, chunksize=10))


def _fill_peer_one(job: tuple[Path, Path, list[str], bool]) -> None:
    pot_path, out, codes, per_language_dir = job
    po = polib.pofile(str(pot_path))
    for code in codes:
        po.metadata["Language"] = code
        fill_po(po, code)
        target = (out / code / f"{pot_path.stem}.po" if per_language_dir
                  else out / pot_path.stem / f"{code}.po")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(catalog.render_po(po), encoding="utf-8")


def _po4a_config(ws: Workspace, documents: list[Path], out: Path, number: int) -> Path:
    """A po4a.cfg translating ``documents`` into every language with the filled catalogs."""
    po = ws.state / "po4a-po-filled"
    lines = [f"[po4a_langs] {' '.join(TARGETS)}",
             f"[po4a_paths] {ws.peer('po4a')}/pot/$master.pot $lang:{po}/$master/$lang.po",
             '[options] opt:"-M UTF-8 -L UTF-8 -k 0"']
    lines += [f'[type: text] {doc} $lang:{out}/$lang/{doc.stem}.md pot={doc.stem} '
              f'opt:"-o markdown"' for doc in documents]
    path = ws.root / "drivers" / f"po4a-{number}.cfg"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _po4a_updatepo(doc: Path, pos: list[Path]) -> list[str]:
    argv = ["po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8", "-m", str(doc)]
    for po in pos:
        argv += ["-p", str(po)]
    return argv


# --- the stages ------------------------------------------------------------------------


def bench_extract(ws: Workspace, runs: int) -> list[Figure]:
    figures = []
    project = ws.root / "ours-extract"
    make_project(project, [], ws.corpus)

    def clean_ours() -> None:
        for name in ("po", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    figures.append(measure(
        Figure("extract", "ours", "localize extract (project with no target language)"),
        lambda: _ok(run([*ws.localize, "extract"], cwd=project)), clean_ours, runs))

    out = ws.peer("mdpo") / "bench-pot"
    script = driver(ws, "mdpo_extract.py", MDPO_EXTRACT)

    def mdpo() -> int:
        return run_many([[str(ws.peers_python), str(script), str(out), *map(str, share)]
                         for share in halves(ws.documents())])

    figures.append(measure(
        Figure("extract", "mdpo md2po",
               f"{JOBS} × python: mdpo.md2po.markdown_to_pofile(doc).save(pot) over its share"),
        mdpo, lambda: _fresh(out), runs))

    ttk_out = ws.peer("ttk") / "bench-pot"
    shares = _share_dirs(ws, ws.corpus, "ttk-shares")

    def ttk() -> int:
        return run_many([[str(ws.peers_python), "-m", "translate.convert.md2po",
                          "--progress=none", "-P", "-i", str(share), "-o", str(ttk_out)]
                         for share in shares])

    figures.append(measure(
        Figure("extract", "translate-toolkit md2po",
               f"{JOBS} × md2po --progress=none -P -i SHARE_DIR -o POT_DIR"),
        ttk, lambda: _fresh(ttk_out), runs))

    po4a_out = ws.peer("po4a") / "bench-pot"

    def po4a() -> int:
        return run_many([_po4a_updatepo(doc, [po4a_out / f"{doc.stem}.pot"])
                         for doc in ws.documents()])

    figures.append(measure(
        Figure("extract", "po4a-updatepo",
               f"po4a-updatepo -f text -o markdown -M UTF-8 -m DOC -p DOC.pot, "
               f"one per document, {JOBS} at a time"),
        po4a, lambda: _fresh(po4a_out), runs))
    return figures


def bench_update(ws: Workspace, runs: int) -> list[Figure]:
    figures = []
    project = ws.project
    warm_cache = ws.state / "cache-before-update"

    def to_changed(keep_cache: bool) -> Callable[[], None]:
        def prepare() -> None:
            replace_tree(ws.state / "po-filled", project / "po")
            shutil.rmtree(project / ".localize-cache", ignore_errors=True)
            if keep_cache and warm_cache.exists():
                shutil.copytree(warm_cache, project / ".localize-cache")
            _copy_sources(ws.changed, project / "source")
        return prepare

    # The state a warm update starts from: the filled catalogs, and the cache
    # of an extract over the original sources.
    replace_tree(ws.state / "po-filled", project / "po")
    _copy_sources(ws.corpus, project / "source")
    shutil.rmtree(project / ".localize-cache", ignore_errors=True)
    run([*ws.localize, "extract"], cwd=project)
    if (project / ".localize-cache").exists():
        replace_tree(project / ".localize-cache", warm_cache)

    extract = lambda: _ok(run([*ws.localize, "extract"], cwd=project))  # noqa: E731
    figures.append(measure(Figure(
        "update", "ours", "localize extract after the edit, no cache (re-extracts and merges)"),
        extract, to_changed(False), runs))
    figures.append(measure(Figure(
        "update", "ours (warm cache)", "localize extract after the edit, cache of the last run"),
        extract, to_changed(True), runs))
    new_pots = ws.state / "pot-new"
    replace_tree(project / "po", ws.state / "po-updated")
    new_pots.mkdir(exist_ok=True)
    for pot in (project / "po").glob("*/*.pot"):
        shutil.copy(pot, new_pots / pot.name)
    _copy_sources(ws.corpus, project / "source")

    out = ws.peer("msgmerge") / "out"
    pairs = [(po, new_pots / f"{po.parent.name}.pot")
             for po in sorted((ws.state / "po-filled").glob("*/*.po")) if po.parent.name != "site"]

    def msgmerge() -> int:
        return run_many([["msgmerge", "--quiet", "--previous", "-o",
                          str(out / f"{po.parent.name}.{po.name}"), str(po), str(pot)]
                         for po, pot in pairs])

    figures.append(measure(Figure(
        "update", "msgmerge --previous",
        f"msgmerge --quiet --previous -o NEW.po OLD.po NEW.pot, one per PO file, {JOBS} at a time"),
        msgmerge, lambda: _fresh(out), runs))

    po4a_po = ws.peer("po4a") / "po"

    def po4a() -> int:
        return run_many([_po4a_updatepo(doc, sorted((po4a_po / doc.stem).glob("*.po")))
                         for doc in ws.documents(ws.changed)])

    figures.append(measure(Figure(
        "update", "po4a-updatepo",
        f"po4a-updatepo -f text -o markdown -M UTF-8 -m EDITED.md -p LANG1.po … -p LANG10.po, "
        f"one per document, {JOBS} at a time"),
        po4a, lambda: replace_tree(ws.state / "po4a-po-filled", po4a_po), runs))

    ttk = ws.peer("ttk")
    ttk_out = ttk / "po-updated"

    def pot2po() -> int:
        return run_many([[str(ws.peers_python), "-m", "translate.convert.pot2po",
                          "--progress=none", "-t", str(ttk / "po" / code), "-i",
                          str(ttk / "pot-new"), "-o", str(ttk_out / code)]
                         for code in TARGETS])

    figures.append(measure(Figure(
        "update", "translate-toolkit pot2po",
        f"pot2po --progress=none -t OLD_PO_DIR -i NEW_POT_DIR -o NEW_PO_DIR, one per language, "
        f"{JOBS} at a time"),
        pot2po, lambda: _fresh(ttk_out), runs))
    return figures


def bench_rebuild(ws: Workspace, runs: int) -> list[Figure]:
    figures = []
    project = ws.project
    replace_tree(ws.state / "po-filled", project / "po")
    _copy_sources(ws.corpus, project / "source")

    def clean() -> None:
        for name in ("output", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    def clean_output() -> None:
        shutil.rmtree(project / "output", ignore_errors=True)
        (project / ".localize-cache" / "manifest-assemble.json").unlink(missing_ok=True)

    # assemble publishes each entry by validate's verdict: as in `localize run`, validate has
    # checked these files (untimed here), and assemble finds its findings by their bytes.
    clean()
    print("  (validate, untimed: the findings assemble publishes by)", flush=True)
    _ok(run([*ws.localize, "validate"], cwd=project, check=False), allow=(0, 1))
    figures.append(measure(Figure(
        "rebuild", "ours",
        "localize assemble --format md after localize validate (2,200 files: English too); "
        "no output, no assemble manifest"),
        lambda: _ok(run([*ws.localize, "assemble", "--format", "md"], cwd=project)),
        clean_output, runs))
    figures.append(measure(Figure(
        "rebuild", "ours (checks run too)",
        "localize assemble --format md, no cache at all: every error-level check runs "
        "(langdetect too) on every translated entry"),
        lambda: _ok(run([*ws.localize, "assemble", "--format", "md"], cwd=project)), clean, 1))

    codes = ",".join(TARGETS)
    out = ws.peer("mdpo") / "md"
    script = driver(ws, "mdpo_rebuild.py", MDPO_REBUILD)

    def mdpo() -> int:
        return run_many([[str(ws.peers_python), str(script), str(ws.peer("mdpo") / "po"), str(out),
                          codes, *map(str, share)] for share in halves(ws.documents())])

    def mdpo_clean() -> None:
        _fresh(out)
        for code in TARGETS:
            (out / code).mkdir()

    figures.append(measure(Figure(
        "rebuild", "mdpo po2md",
        f"{JOBS} × python: mdpo.po2md.pofile_to_markdown(doc, po, save=md) over its share"),
        mdpo, mdpo_clean, runs))

    po4a_out = ws.peer("po4a") / "md"
    configs = [_po4a_config(ws, share, po4a_out, number)
               for number, share in enumerate(halves(ws.documents()))]

    def po4a() -> int:
        return run_many([["po4a", "--no-update", str(config)] for config in configs])

    figures.append(measure(Figure(
        "rebuild", "po4a --no-update",
        f"{JOBS} × po4a --no-update po4a.cfg, each config listing its share of the documents "
        f"(`[type: text] DOC $lang:OUT/$lang/DOC.md pot=DOC opt:\"-o markdown\"`) and the "
        f"ten languages (faster here than one po4a-translate per file and language)"),
        po4a, lambda: _fresh(po4a_out), runs))

    ttk = ws.peer("ttk")
    ttk_out = ttk / "md"

    def po2md() -> int:
        return run_many([[str(ws.peers_python), "-m", "translate.convert.po2md",
                          "--progress=none", "-t", str(ws.corpus), "-i", str(ttk / "po" / code),
                          "-o", str(ttk_out / code)] for code in TARGETS])

    figures.append(measure(Figure(
        "rebuild", "translate-toolkit po2md",
        f"po2md --progress=none -t SOURCE_DIR -i PO_DIR -o MD_DIR, one per language, "
        f"{JOBS} at a time"),
        po2md, lambda: _fresh(ttk_out), runs))
    return figures


def bench_run(ws: Workspace, runs: int) -> tuple[list[Figure], dict[str, object]]:
    project = ws.project
    argv = [*ws.localize, "run", "--engine", "pseudo"]
    replace_tree(ws.state / "po-filled", project / "po")
    _copy_sources(ws.corpus, project / "source")
    extra: dict[str, object] = {}

    def cold() -> None:
        for name in ("output", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    full = Figure("run", "ours, full",
                  "localize run --engine pseudo (an offline engine, so translate looks at "
                  "every PO file), no output and no cache yet")
    rss = []
    for _ in range(runs):
        cold()
        seconds, peak, code = peak_rss(argv, project)
        full.times.append(seconds)
        rss.append(peak)
    print(f"  run        ours, full                   "
          f"{', '.join(f'{t:.2f}' for t in full.times)} s, peak RSS {max(rss):.0f} MB", flush=True)
    extra["peak_rss_mb"] = max(rss)
    extra["full_exit_code"] = code

    before = tree_digest(project, skip=(".localize.lock",))
    noop = measure(Figure("run", "ours, no-op", "localize run --engine pseudo, nothing changed"),
                   lambda: _ok(run(argv, cwd=project, check=False), allow=(0, 1)), None,
                   max(runs, 5))
    after = tree_digest(project, skip=(".localize.lock",))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    extra["noop_changed_files"] = changed
    listed = ": " + ", ".join(changed[:5]) if changed else ""
    print(f"  no-op run changed {len(changed)} file(s){listed}", flush=True)

    article = ws.documents(project / "source")[len(ws.documents()) // 2]
    original = article.read_text(encoding="utf-8")
    edited = _edit_one(original, article.name)
    state = {"edited": False}

    def toggle() -> None:
        state["edited"] = not state["edited"]
        article.write_text(edited if state["edited"] else original, encoding="utf-8")

    one = measure(Figure("run", "ours, one paragraph",
                         f"localize run --engine pseudo after one paragraph of {article.name} "
                         "changed"),
                  lambda: _ok(run(argv, cwd=project, check=False), allow=(0, 1)), toggle, runs)
    article.write_text(original, encoding="utf-8")
    return [full, noop, one], extra


def _edit_one(text: str, name: str) -> str:
    doc = parse_text(text, Path(name))
    segment = next(s for s in doc.segments if s.kind == "Paragraph")
    lines = text.splitlines(keepends=True)
    body = lines[segment.line - 1].rstrip("\r\n")
    lines[segment.line - 1] = body + " (edited)" + lines[segment.line - 1][len(body):]
    return "".join(lines)


def bench_floor(ws: Workspace, runs: int) -> Figure:
    files = [p for p in sorted((ws.state / "po-filled").glob("*/*.po")) if p.parent.name != "site"]
    out = ws.root / "floor"
    script = driver(ws, "polib_floor.py", POLIB_FLOOR)

    def floor() -> int:
        return run_many([[str(ws.ours_python), str(script), str(out), *map(str, share)]
                         for share in halves(files)])

    return measure(Figure("floor", "polib parse + save",
                          f"{JOBS} × python: polib.pofile(po).save(copy) over its share "
                          f"of the {len(files)} PO files"),
                   floor, lambda: _fresh(out), runs)


# --- small helpers ---------------------------------------------------------------------


def _ok(result: subprocess.CompletedProcess[str], allow: tuple[int, ...] = (0,)) -> int:
    if result.returncode not in allow:
        raise Failed(f"exit {result.returncode}: {result.stderr[-2000:]}")
    return 0


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _copy_sources(source: Path, target: Path) -> None:
    for path in sorted(source.glob("*.md")):
        data = path.read_bytes()
        destination = target / path.name
        if not destination.exists() or destination.read_bytes() != data:
            destination.write_bytes(data)


def _share_dirs(ws: Workspace, folder: Path, name: str) -> list[Path]:
    shares = []
    for number, share in enumerate(halves(ws.documents(folder))):
        directory = ws.root / name / str(number)
        _fresh(directory)
        for path in share:
            (directory / path.name).symlink_to(path)
        shares.append(directory)
    return shares


# --- report ------------------------------------------------------------------------------


def report(figures: list[Figure], extra: dict[str, object], show_commands: bool) -> list[str]:
    lines = ["| stage | tool | min s | median s | runs | ours : tool |",
             "|---|---|---:|---:|---:|---:|"]
    ours = {f.stage: f for f in figures if f.tool == "ours"}
    for f in figures:
        mine = ours.get(f.stage)
        ratio = ""
        if mine is not None and f is not mine and not f.tool.startswith("ours"):
            ratio = f"1 : {f.best / mine.best:.1f}"
        fail = f" ({f.failures} failed)" if f.failures else ""
        lines.append(f"| {f.stage} | {f.tool}{fail} | {f.best:.2f} | {f.median:.2f} | "
                     f"{len(f.times)} | {ratio} |")
    lines.append("")
    lines.append(f"Peak RSS of our full run (all processes together): "
                 f"{extra.get('peak_rss_mb', 0):.0f} MB.")
    if show_commands:
        lines.append("")
        lines.append("Commands:")
        lines.extend(f"- {f.stage}, {f.tool}: `{f.command}`" for f in figures)
    return lines


def targets(figures: list[Figure], extra: dict[str, object]) -> list[tuple[str, bool, str]]:
    by = {(f.stage, f.tool): f for f in figures}
    results = []
    for stage in ("extract", "update", "rebuild"):
        mine = by.get((stage, "ours"))
        peers = [f for f in figures if f.stage == stage and not f.tool.startswith("ours")
                 and not f.failures]
        if mine and peers:
            fastest = min(peers, key=lambda f: f.best)
            ratio = fastest.best / mine.best
            results.append((f"{stage}: ≥ 3× faster than the fastest peer", ratio >= 3,
                            f"{ratio:.1f}× ({fastest.tool} {fastest.best:.2f} s, "
                            f"ours {mine.best:.2f} s)"))
    floor, update = by.get(("floor", "polib parse + save")), by.get(("update", "ours"))
    if floor and update:
        ratio = update.best / floor.best
        results.append(("update within 2× of the polib floor", ratio <= 2,
                        f"{ratio:.2f}× the floor ({update.best:.2f} s vs {floor.best:.2f} s)"))
    full, noop = by.get(("run", "ours, full")), by.get(("run", "ours, no-op"))
    if full and noop:
        share = noop.best / full.best
        results.append(("no-op run ≤ 5 % of a full run and < 2 s",
                        share <= 0.05 and noop.best < 2,
                        f"{noop.best:.2f} s = {100 * share:.1f} % of {full.best:.2f} s"))
    if "peak_rss_mb" in extra:
        peak = float(extra["peak_rss_mb"])  # type: ignore[arg-type]
        results.append(("peak RSS < 300 MB", peak < 300, f"{peak:.0f} MB"))
    changed = extra.get("noop_changed_files")
    if changed is not None:
        results.append(("no-op run changes no byte", not changed,
                        f"{len(changed)} file(s) changed"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path,
                        help="Work folder (default: a temporary one, removed).")
    parser.add_argument("--peers-venv", type=Path, help="Reuse this virtual environment for peers.")
    parser.add_argument("--only", nargs="*", default=(),
                        choices=("extract", "update", "rebuild", "run", "floor"))
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--show-commands", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    temporary = args.work is None
    root = Path(tempfile.mkdtemp(prefix="localize-bench-")) if temporary else args.work
    root.mkdir(parents=True, exist_ok=True)
    ws = Workspace(root.resolve(), args.docs, Path(sys.executable))
    try:
        set_up(ws)
        stages = set(args.only) or {"extract", "update", "rebuild", "run", "floor"}
        if stages & {"extract", "update", "rebuild"}:
            install_peers(ws, args.peers_venv)
            prepare_peers(ws)
        figures: list[Figure] = []
        extra: dict[str, object] = {}
        print(f"timing ({JOBS} cores; each tool uses all of them)", flush=True)
        if "extract" in stages:
            figures += bench_extract(ws, args.runs)
        if "update" in stages:
            figures += bench_update(ws, args.runs)
        if "rebuild" in stages:
            figures += bench_rebuild(ws, args.runs)
        if "floor" in stages:
            figures.append(bench_floor(ws, args.runs))
        if "run" in stages:
            run_figures, extra = bench_run(ws, args.runs)
            figures += run_figures
        print()
        print("\n".join(report(figures, extra, args.show_commands)))
        print()
        for name, met, detail in targets(figures, extra):
            print(f"{'MET ' if met else 'MISS'}  {name}: {detail}")
        print(f"\nbench took {time.perf_counter() - started:.0f} s")
        if args.json:
            args.json.write_text(json.dumps({
                "figures": [f.__dict__ for f in figures],
                "extra": extra,
                "targets": targets(figures, extra),
            }, indent=1, ensure_ascii=False), encoding="utf-8")
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
