"""Benchmark the pipeline against po4a, mdpo, translate-toolkit and GNU gettext on a fixed corpus.

    python bench/run_bench.py [--corpus readmes|docs] [--docs 200] [--runs 3] [--work DIR]
                              [--quick] [--only STAGE ...] [--json FILE] [--show-commands]

What it does, in one run and on the same files (see bench/README.md):

1. Writes the chosen committed corpus (``bench/corpus/`` READMEs or
   ``bench/corpus-docs/`` documentation pages, see ``tests/corpus.py``) into
   the work folder, replacing what an earlier run left there, sets up a
   project with it and ten target languages, and fills every PO file with a
   per-language pseudo translation (accented Latin, Cyrillic, Arabic, kana,
   hanzi; code spans, link targets and HTML kept). The paragraphs edited for
   the update are drawn with a fixed seed from the paragraphs that exist.
2. Installs the peers: mdpo and translate-toolkit (with rapidfuzz, its fast
   fuzzy matcher) from PyPI into a throwaway virtual environment; po4a and
   GNU gettext from Debian (apt-get) when missing.
3. Times each stage. Every tool gets the same number of runs, and ours and
   each peer alternate run by run (ours, peer, ours, peer …), so that a
   change in the machine's load hits both alike; a ratio is the median of
   the ratios of each pair. While it runs it watches the machine: the CPU
   time used by processes other than the benchmark's (``/proc/stat`` against
   our own children's ``getrusage``), time stolen by the hypervisor and the
   load average, and it says plainly when figures are unreliable.
4. Builds the whole report, then prints it: median, min-max and the number
   of runs of every figure, every ratio ours : peer, the peak memory of a
   cold ``run`` (PSS summed over its process tree, RSS beside it), which
   targets are met, and the load. If anything fails it prints what failed
   and exits non-zero, never a partial table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
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
SEED = 19
"""Seed of the paragraphs edited for the update and the one-paragraph run (issue #19)."""
EDIT_SHARE = 0.05
"""Share of the corpus's paragraphs edited for the update stage."""
QUICK_DOCS = 12
DISTURBED = 0.10
"""A run is disturbed when other processes used more than this share of the machine's CPU."""
STOLEN = 0.05
"""… or when the hypervisor stole more than this share of it."""
SAMPLE_SECONDS = 0.02
"""How often the memory of a cold run is sampled."""

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


# --- the edits ----------------------------------------------------------------------


def editable_lines(text: str, name: str) -> list[int]:
    """0-based first lines of the paragraphs of ``text`` that can take a clause at their end."""
    doc = parse_text(text, Path(name))
    lines = text.splitlines(keepends=True)
    found = set()
    for segment in doc.segments:
        if segment.kind != "Paragraph" or not 0 < segment.line <= len(lines):
            continue
        body = lines[segment.line - 1].rstrip("\r\n")
        if body.strip() and not body.endswith(("\\", "  ")):
            found.add(segment.line - 1)
    return sorted(found)


def choose_edits(paragraphs: dict[str, list[int]], share: float, seed: int
                 ) -> dict[str, list[int]]:
    """A seeded sample of ``share`` of all paragraphs (at least one): document → lines."""
    every = [(name, line) for name in sorted(paragraphs) for line in paragraphs[name]]
    if not every:
        raise Failed("the corpus has no paragraph to edit")
    count = max(1, round(len(every) * share))
    chosen: dict[str, list[int]] = {}
    for name, line in sorted(random.Random(seed).sample(every, count)):
        chosen.setdefault(name, []).append(line)
    return chosen


def apply_edits(text: str, lines_to_edit: Sequence[int], mark: str) -> str:
    lines = text.splitlines(keepends=True)
    for index in lines_to_edit:
        body = lines[index].rstrip("\r\n")
        lines[index] = body + mark + lines[index][len(body):]
    return "".join(lines)


# --- the machine --------------------------------------------------------------------


_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Snapshot:
    wall: float
    busy: float
    """CPU seconds every process on the machine used since boot (steal excluded)."""
    steal: float
    ours: float
    """CPU seconds this process and its waited-for descendants used."""

    @staticmethod
    def take() -> Snapshot:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
        steal = fields[7] if len(fields) > 7 else 0
        mine = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return Snapshot(time.perf_counter(), (user + nice + system + irq + softirq) / _TICK,
                        steal / _TICK, mine.ru_utime + mine.ru_stime + children.ru_utime
                        + children.ru_stime)


@dataclass
class Run:
    """One timed run: wall seconds, and how busy the rest of the machine was meanwhile."""

    seconds: float
    cpu: float
    """CPU seconds the tool used (all its processes)."""
    others: float
    """Share of the machine's CPU capacity used by other processes."""
    steal: float
    failures: int = 0

    @property
    def disturbed(self) -> bool:
        return self.others > DISTURBED or self.steal > STOLEN


def between(start: Snapshot, end: Snapshot) -> tuple[float, float, float, float]:
    """(seconds, our CPU seconds, others' share, steal share) from ``start`` to ``end``."""
    seconds = max(end.wall - start.wall, 1e-9)
    capacity = seconds * JOBS
    ours = end.ours - start.ours
    others = max(0.0, (end.busy - start.busy) - ours) / capacity
    return seconds, ours, min(others, 1.0), (end.steal - start.steal) / capacity


def idle_load(seconds: float = 3.0) -> tuple[float, float, tuple[float, float, float]]:
    """(others' share, steal share, load averages) while the benchmark does nothing."""
    start = Snapshot.take()
    time.sleep(seconds)
    _, _, others, steal = between(start, Snapshot.take())
    return others, steal, os.getloadavg()


# --- running and timing --------------------------------------------------------------


class Failed(Exception):
    pass


@dataclass
class Tool:
    """A command to time: ``action`` returns how many of its files failed."""

    name: str
    command: str
    action: Callable[[], int]
    prepare: Callable[[], None] | None = None


@dataclass
class Figure:
    """One tool's runs for one stage, and for a peer the runs of ours it was paired with."""

    stage: str
    tool: str
    command: str
    runs: list[Run] = field(default_factory=list)
    paired: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def ratios(self) -> list[float]:
        """Peer seconds / ours seconds, one per pair of neighbouring runs."""
        return [p.seconds / o.seconds for p, o in zip(self.runs, self.paired, strict=True)]

    @property
    def failures(self) -> int:
        return max((r.failures for r in self.runs), default=0)

    @property
    def disturbed(self) -> int:
        return sum(r.disturbed for r in self.runs)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(tool: Tool) -> Run:
    if tool.prepare:
        tool.prepare()
    start = Snapshot.take()
    failures = tool.action()
    seconds, cpu, others, steal = between(start, Snapshot.take())
    return Run(seconds, cpu, others, steal, failures)


def _show(figure: Figure) -> None:
    runs = ", ".join(f"{r.seconds:.2f}{'*' if r.disturbed else ''}" for r in figure.runs)
    progress(f"  {figure.stage:<10} {figure.tool:<28} {runs} s"
             + (f"  ({figure.failures} failed)" if figure.failures else ""))


def alone(stage: str, tool: Tool, runs: int) -> Figure:
    """``runs`` runs of a tool that has no peer."""
    figure = Figure(stage, tool.name, tool.command)
    for _ in range(runs):
        figure.runs.append(timed(tool))
    _show(figure)
    return figure


def compare(stage: str, ours: Tool, peers: Sequence[Tool], runs: int) -> list[Figure]:
    """Ours against each peer, alternating run by run: ours, peer, ours, peer …

    Every peer gets ``runs`` runs and is compared with the ``runs`` runs of ours
    that were interleaved with its own; the row of ours holds all of them.
    """
    mine = Figure(stage, ours.name, ours.command)
    figures = [mine]
    for peer in peers:
        figure = Figure(stage, peer.name, peer.command)
        for _ in range(runs):
            run_of_ours = timed(ours)
            mine.runs.append(run_of_ours)
            figure.paired.append(run_of_ours)
            figure.runs.append(timed(peer))
        _show(figure)
        figures.append(figure)
    if not peers:
        mine.runs = [timed(ours) for _ in range(runs)]
    _show(mine)
    return figures


def run(argv: Sequence[str | Path], cwd: Path | None = None, check: bool = True,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, text=True,
                            capture_output=True)
    if check and result.returncode != 0:
        command = " ".join(map(str, argv))
        raise Failed(f"{command}: exit {result.returncode}\n{result.stderr[-2000:]}")
    return result


def run_many(commands: list[list[str]], jobs: int = JOBS, cwd: Path | None = None,
             counted: bool = False) -> int:
    """Run ``commands`` ``jobs`` at a time; the number that failed (with ``counted``, the sum
    of their exit codes: our driver scripts exit with the number of files they could not do)."""
    def one(argv: list[str]) -> int:
        done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return done.returncode if counted and done.returncode > 0 else (1 if done.returncode else 0)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return sum(pool.map(one, commands))


def halves(items: Sequence[Path], parts: int = JOBS) -> list[list[Path]]:
    """``items`` cut into ``parts`` interleaved shares (similar sizes)."""
    return [list(items[i::parts]) for i in range(parts) if items[i::parts]]


# --- memory --------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(p) for p in handle.read().split())
        except OSError:
            continue
    return found


def tree_memory(root: int) -> tuple[int, int, int]:
    """(PSS KiB, RSS KiB, processes) of ``root`` and all its descendants."""
    pss = rss = count = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
            count += 1
        except (OSError, ValueError):
            pass
        todo.extend(_children(pid))
    return pss, rss, count


@dataclass
class Memory:
    pss_mb: float
    rss_mb: float
    processes: int
    samples: int


def with_memory(argv: list[str], cwd: Path) -> tuple[Run, Memory, int]:
    """Run ``argv``, sampling the PSS (and RSS) of its process tree every SAMPLE_SECONDS."""
    start = Snapshot.take()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0, 0, 0]  # pss, rss, most processes, samples
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            pss, rss, count = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            peak[2], peak[3] = max(peak[2], count), peak[3] + 1
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    seconds, cpu, others, steal = between(start, Snapshot.take())
    if process.returncode not in (0, 1):
        raise Failed(f"{' '.join(argv)}: exit {process.returncode}\n{err.decode()[-2000:]}")
    memory = Memory(peak[0] / 1024, peak[1] / 1024, peak[2], peak[3])
    return Run(seconds, cpu, others, steal), memory, process.returncode


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
    shutil.copytree(source, target, symlinks=True)


# --- the workspace ------------------------------------------------------------------


SOURCE_DIR = "docs/readmes"
"""Two folders down: READMEs link to ``../../issues/new`` as GitHub serves them, which
must stay inside the project (assemble refuses paths that leave it)."""

PYPROJECT = """\
[tool.localize]
source_dir = "{source}"
po_dir = "po"
output_dir = "output"
project_name = "Bench"
languages = [{languages}]
"""


@dataclass
class Workspace:
    root: Path
    corpus_name: str
    docs: int | None
    ours_python: Path
    ours_checkout: Path = ROOT
    """The checkout whose ``pipeline`` is timed (``--ours``; this one by default)."""
    peers_python: Path = Path()
    languages: list[Language] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    one_edit: tuple[str, int] = ("", 0)

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
    (folder / SOURCE_DIR).mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in languages)
    settings = PYPROJECT.format(languages=listed, source=SOURCE_DIR)
    (folder / "pyproject.toml").write_text(settings, encoding="utf-8")
    for path in sorted(sources.glob("*.md")):
        shutil.copy(path, folder / SOURCE_DIR / path.name)


def use_checkout(ws: Workspace, checkout: Path) -> None:
    """Time ``checkout``'s pipeline: every ``localize`` this script starts imports it first."""
    if not (checkout / "pipeline" / "__main__.py").is_file():
        raise SystemExit(f"--ours {checkout}: no pipeline/__main__.py there; give a checkout "
                         "of this repository")
    ws.ours_checkout = checkout
    # Inherited by every process started from here on; only a top-level ``pipeline`` (or
    # the checkout's other folders) could be shadowed, which no peer imports.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(checkout), *filter(None, [os.environ.get("PYTHONPATH")])])


def describe_checkout(checkout: Path) -> str:
    """The checkout's path and commit, as the report's header shows them."""
    head = run(["git", "-C", checkout, "log", "-1", "--format=%h %cs %s"], check=False)
    dirty = run(["git", "-C", checkout, "status", "--porcelain", "--", "pipeline"], check=False)
    commit = head.stdout.strip()[:90] or "unknown commit"
    return f"{checkout} at {commit}" + (" (pipeline/ modified)" if dirty.stdout.strip() else "")


def set_up(ws: Workspace) -> None:
    progress(f"setting up in {ws.root}")
    # pip byte-compiles the peers when it installs them; an editable install of ours may
    # have no bytecode, and PYTHONDONTWRITEBYTECODE would then recompile it in every process.
    run([ws.ours_python, "-m", "compileall", "-q", ws.ours_checkout / "pipeline"])
    # Everything an earlier run left is made again (the peers' virtual environment excepted).
    for name in ("changed", "state", "peers", "drivers", "floor", "ttk-shares", "ours",
                 "ours-extract"):
        shutil.rmtree(ws.root / name, ignore_errors=True)
    count = corpus.write(ws.corpus, ws.docs, ws.corpus_name)
    digest = hashlib.sha256()
    texts = {}
    for path in ws.documents():
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        texts[path.name] = data.decode("utf-8")
    paragraphs = {name: editable_lines(text, name) for name, text in texts.items()}
    edits = choose_edits(paragraphs, EDIT_SHARE, SEED)
    ws.changed.mkdir()
    for name, text in texts.items():
        (ws.changed / name).write_text(apply_edits(text, edits.get(name, []), " (revised)"),
                                       encoding="utf-8")
    one = choose_edits(paragraphs, 0, SEED + 1)  # one paragraph, for the one-paragraph run
    ws.one_edit = next((name, lines[0]) for name, lines in one.items())
    total = sum(map(len, paragraphs.values()))
    edited = sum(map(len, edits.values()))
    ws.facts.update(corpus=ws.corpus_name, documents=count, corpus_sha256=digest.hexdigest(),
                    corpus_bytes=sum(len(t.encode()) for t in texts.values()),
                    paragraphs=total, edited=edited, edited_documents=len(edits),
                    one_edit=f"{ws.one_edit[0]}:{ws.one_edit[1] + 1}")
    progress(f"  {ws.corpus_name}: {count} documents (sha256 {digest.hexdigest()[:16]}), "
             f"{total} paragraphs, {edited} edited in {len(edits)} documents for the update "
             f"({100 * edited / max(total, 1):.1f} %, seed {SEED})")
    ws.languages = get_languages(TARGETS)
    make_project(ws.project, TARGETS, ws.corpus)
    run([*ws.localize, "extract"], cwd=ws.project)
    ws.facts["placeholders"] = add_missing_assets(ws)
    replace_tree(ws.project / "po", ws.state / "po-empty")
    _fill_ours(ws)
    replace_tree(ws.project / "po", ws.state / "po-filled")
    files = [p for p in (ws.state / "po-filled").glob("*/*.po") if p.parent.name != "site"]
    data = [p.read_bytes() for p in files]
    ws.facts.update(po_files=len(files), po_bytes=sum(map(len, data)),
                    entries=sum(d.count(b"\nmsgid ") for d in data))  # the header's is first


_MISSING_ASSET = re.compile(r"not found \(looked for (.+)\)$", re.MULTILINE)
_FOLDER_LINK = re.compile(r"' is a folder \(.+\), not a file; ")


def add_missing_assets(ws: Workspace) -> int:
    """An empty file for every local file a document links to and the corpus lacks.

    The READMEs point at their packages' other files (``LICENSE``,
    ``docs/api.md``, images); assemble copies such files and reports a
    missing one as an error (writing the pages all the same). The paths are
    those assemble names, so the pipeline decides what counts as a file to
    copy. A link no file can satisfy (a folder, ``test/``, beside
    ``test/x.js``) stays an error: ``assembled`` accepts those. Returns how
    many files were made.
    """
    made = 0
    for _ in range(3):
        result = run([*ws.localize, "assemble", "--format", "md"], cwd=ws.project, check=False)
        shutil.rmtree(ws.project / "output", ignore_errors=True)
        shutil.rmtree(ws.project / ".localize-cache", ignore_errors=True)
        missing = {ws.project / name for name in _MISSING_ASSET.findall(result.stderr)}
        fresh = [path for path in sorted(missing) if _can_stand_in(ws.project, path)]
        if result.returncode == 0 or not fresh:
            return made
        # deepest first: a folder (test/support/) wins over a file of its name (test)
        for path in sorted(fresh, key=lambda path: (-len(path.parts), path)):
            if _can_stand_in(ws.project, path):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
                made += 1
    return made


def _can_stand_in(project: Path, path: Path) -> bool:
    """Whether an empty file can be made at ``path``: inside the project, nothing there, no
    file where one of its folders would go."""
    real = path.resolve()
    if not real.is_relative_to(project.resolve()) or real.exists():
        return False
    return not any(parent.is_file() for parent in real.parents)


def assembled(result: subprocess.CompletedProcess[str]) -> int:
    """``_ok`` for ``localize assemble``, which exits 1 after writing every page when links
    to files that cannot exist (see ``add_missing_assets``) are its only errors."""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    if result.returncode == 1 and errors and all(
            _MISSING_ASSET.search(line) or _FOLDER_LINK.search(line) for line in errors):
        return 0
    return _ok(result)


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
        progress("  apt-get install po4a gettext")
        run(["apt-get", "install", "-y", "-q", "po4a", "gettext"])
    folder = venv or ws.root / "venv-peers"
    python = folder / "bin" / "python"
    if not python.exists():
        progress(f"  pip install mdpo translate-toolkit[markdown] rapidfuzz into {folder}")
        run([sys.executable, "-m", "venv", folder])
        run([python, "-m", "pip", "install", "-q", "mdpo", "translate-toolkit[markdown]",
             "rapidfuzz"])
    ws.peers_python = python
    versions = run([python, "-c", "import importlib.metadata as m; "
                    "print(*(f'{p} {m.version(p)}' for p in "
                    "('mdpo', 'translate-toolkit', 'rapidfuzz')), sep=', ')"]).stdout.strip()
    po4a = run(["po4a", "--version"]).stdout.splitlines()[0]
    gettext = run(["msgmerge", "--version"]).stdout.splitlines()[0]
    ws.facts["peers"] = f"{versions}; {po4a}; {gettext}"
    progress(f"  peers: {ws.facts['peers']}")


# --- driver scripts run by the peers' own Python --------------------------------------

MDPO_EXTRACT = """\
import sys
from mdpo.md2po import markdown_to_pofile
out, failed = sys.argv[1], []
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1][:-3]
    try:
        markdown_to_pofile(path, location=True).save(f"{out}/{name}.pot")
    except Exception as error:  # one document mdpo cannot read must not stop the others
        failed.append(name)
        print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
sys.exit(min(len(failed), 100))  # the exit code counts the documents that failed
"""

MDPO_REBUILD = """\
import os, sys
from mdpo.po2md import pofile_to_markdown
po_root, out_root, langs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
failed = 0
for path in sys.argv[4:]:
    name = path.rsplit("/", 1)[-1][:-3]
    if not os.path.exists(f"{po_root}/{langs[0]}/{name}.po"):
        continue  # mdpo could not extract it: nothing to rebuild
    for lang in langs:
        try:
            pofile_to_markdown(path, f"{po_root}/{lang}/{name}.po",
                               save=f"{out_root}/{lang}/{name}.md")
        except Exception as error:
            failed += 1
            print(f"{name} {lang}: {type(error).__name__}: {error}", file=sys.stderr)
sys.exit(min(failed, 100))  # the exit code counts the files that failed
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
    progress("  peers' templates and filled catalogs")
    shutil.rmtree(ws.root / "peers", ignore_errors=True)
    codes = [lang.code for lang in ws.languages]
    # mdpo
    for folder in ("pot", "pot-new"):
        (ws.peer("mdpo") / folder).mkdir(parents=True, exist_ok=True)
    script = driver(ws, "mdpo_extract.py", MDPO_EXTRACT)
    result = run([ws.peers_python, script, ws.peer("mdpo") / "pot", *map(str, ws.documents())],
                 check=False)
    if result.returncode:
        failed_docs = [line.split(":", 1)[0] for line in result.stderr.splitlines()
                       if re.match(r"\d{3}-", line)]
        ws.facts["mdpo_extract_failures"] = failed_docs
        progress(f"  mdpo could not extract {len(failed_docs)} document(s): "
                 f"{', '.join(failed_docs)}")
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
        progress(f"  po4a could not extract {failed} document(s)")
        ws.facts["po4a_extract_failures"] = failed
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
    project = ws.root / "ours-extract"
    make_project(project, [], ws.corpus)

    def clean_ours() -> None:
        for name in ("po", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    ours = Tool("ours", "localize extract (project with no target language)",
                lambda: _ok(run([*ws.localize, "extract"], cwd=project)), clean_ours)

    out = ws.peer("mdpo") / "bench-pot"
    script = driver(ws, "mdpo_extract.py", MDPO_EXTRACT)
    mdpo = Tool("mdpo md2po",
                f"{JOBS} × python: mdpo.md2po.markdown_to_pofile(doc).save(pot) over its share",
                lambda: run_many([[str(ws.peers_python), str(script), str(out), *map(str, share)]
                                  for share in halves(ws.documents())], counted=True),
                lambda: _fresh(out))

    ttk_out = ws.peer("ttk") / "bench-pot"
    shares = _share_dirs(ws, ws.corpus, "ttk-shares")
    ttk = Tool("translate-toolkit md2po",
               f"{JOBS} × md2po --progress=none -P -i SHARE_DIR -o POT_DIR",
               lambda: run_many([[str(ws.peers_python), "-m", "translate.convert.md2po",
                                  "--progress=none", "-P", "-i", str(share), "-o", str(ttk_out)]
                                 for share in shares]),
               lambda: _fresh(ttk_out))

    po4a_out = ws.peer("po4a") / "bench-pot"
    po4a = Tool("po4a-updatepo",
                f"po4a-updatepo -f text -o markdown -M UTF-8 -m DOC -p DOC.pot, "
                f"one per document, {JOBS} at a time",
                lambda: run_many([_po4a_updatepo(doc, [po4a_out / f"{doc.stem}.pot"])
                                  for doc in ws.documents()]),
                lambda: _fresh(po4a_out))
    return compare("extract", ours, [mdpo, ttk, po4a], runs)


def bench_update(ws: Workspace, runs: int) -> list[Figure]:
    project = ws.project
    warm_cache = ws.state / "cache-before-update"

    def to_changed(keep_cache: bool) -> Callable[[], None]:
        def prepare() -> None:
            replace_tree(ws.state / "po-filled", project / "po")
            shutil.rmtree(project / ".localize-cache", ignore_errors=True)
            if keep_cache and warm_cache.exists():
                shutil.copytree(warm_cache, project / ".localize-cache")
            _copy_sources(ws.changed, project / SOURCE_DIR)
        return prepare

    # The state a warm update starts from: the filled catalogs, and the cache
    # of an extract over the original sources.
    _reset_project(ws)
    shutil.rmtree(project / ".localize-cache", ignore_errors=True)
    run([*ws.localize, "extract"], cwd=project)
    if (project / ".localize-cache").exists():
        replace_tree(project / ".localize-cache", warm_cache)

    # The new templates, as ours writes them after the edit: msgmerge and pot2po
    # bring the very same filled catalogs up to date with them.
    to_changed(False)()
    run([*ws.localize, "extract"], cwd=project)
    new_pots = ws.state / "pot-new"
    _fresh(new_pots)
    for pot in (project / "po").glob("*/*.pot"):
        if pot.parent.name != "site":
            shutil.copy(pot, new_pots / pot.name)
    by_language = ws.state / "po-filled-by-language"
    _fresh(by_language)
    locales = {lang.code: lang.locale for lang in ws.languages}
    for code, locale in locales.items():
        (by_language / code).mkdir()
        for po in sorted((ws.state / "po-filled").glob(f"*/{locale}.po")):
            if po.parent.name != "site":
                (by_language / code / f"{po.parent.name}.po").symlink_to(po)
    pairs = [(po, new_pots / f"{po.parent.name}.pot")
             for po in sorted((ws.state / "po-filled").glob("*/*.po")) if po.parent.name != "site"]

    extract = lambda: _ok(run([*ws.localize, "extract"], cwd=project))  # noqa: E731
    ours = Tool("ours", "localize extract after the edit, no cache (re-extracts and merges)",
                extract, to_changed(False))

    out = ws.peer("msgmerge") / "out"
    msgmerge = Tool(
        "msgmerge --previous",
        f"msgmerge --quiet --previous -o NEW.po OLD.po NEW.pot, one per PO file (ours, filled; "
        f"our new templates), {JOBS} at a time",
        lambda: run_many([["msgmerge", "--quiet", "--previous", "-o",
                           str(out / f"{po.parent.name}.{po.name}"), str(po), str(pot)]
                          for po, pot in pairs]),
        lambda: _fresh(out))

    ttk_out = ws.peer("ttk") / "po-updated"
    pot2po = Tool(
        "translate-toolkit pot2po",
        f"pot2po --progress=none -t OLD_PO_DIR -i NEW_POT_DIR -o NEW_PO_DIR, one per language "
        f"(ours, filled; our new templates), {JOBS} at a time",
        lambda: run_many([[str(ws.peers_python), "-m", "translate.convert.pot2po",
                           "--progress=none", "-t", str(by_language / code), "-i", str(new_pots),
                           "-o", str(ttk_out / code)] for code in locales]),
        lambda: _fresh(ttk_out))

    po4a_po = ws.peer("po4a") / "po"
    po4a = Tool(
        "po4a-updatepo",
        f"po4a-updatepo -f text -o markdown -M UTF-8 -m EDITED.md -p LANG1.po … -p LANG10.po, "
        f"one per document, {JOBS} at a time (po4a's own catalogs: it extracts again)",
        lambda: run_many([_po4a_updatepo(doc, sorted((po4a_po / doc.stem).glob("*.po")))
                          for doc in ws.documents(ws.changed)]),
        lambda: replace_tree(ws.state / "po4a-po-filled", po4a_po))

    figures = compare("update", ours, [msgmerge, pot2po, po4a], runs)
    figures.append(alone("update", Tool(
        "ours (warm cache)", "localize extract after the edit, cache of the last run",
        extract, to_changed(True)), runs))
    _copy_sources(ws.corpus, project / SOURCE_DIR)
    return figures


def bench_rebuild(ws: Workspace, runs: int) -> list[Figure]:
    project = ws.project
    _reset_project(ws)

    def clean() -> None:
        for name in ("output", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    def clean_output() -> None:
        shutil.rmtree(project / "output", ignore_errors=True)
        (project / ".localize-cache" / "manifest-assemble.json").unlink(missing_ok=True)

    # assemble publishes each entry by validate's verdict: as in `localize run`, validate has
    # checked these files (untimed here), and assemble finds its findings by their bytes.
    clean()
    progress("  (validate, untimed: the findings assemble publishes by)")
    _ok(run([*ws.localize, "validate"], cwd=project, check=False), allow=(0, 1))
    ours = Tool("ours", f"localize assemble --format md after localize validate "
                f"({len(ws.documents()) * (len(TARGETS) + 1)} files: English too); "
                "no output, no assemble manifest",
                lambda: assembled(run([*ws.localize, "assemble", "--format", "md"], cwd=project,
                                       check=False)),
                clean_output)

    codes = ",".join(TARGETS)
    out = ws.peer("mdpo") / "md"
    script = driver(ws, "mdpo_rebuild.py", MDPO_REBUILD)

    def mdpo_clean() -> None:
        _fresh(out)
        for code in TARGETS:
            (out / code).mkdir()

    mdpo = Tool("mdpo po2md",
                f"{JOBS} × python: mdpo.po2md.pofile_to_markdown(doc, po, save=md) over its share "
                "(mdpo's own catalogs)",
                lambda: run_many([[str(ws.peers_python), str(script), str(ws.peer("mdpo") / "po"),
                                   str(out), codes, *map(str, share)]
                                  for share in halves(ws.documents())], counted=True),
                mdpo_clean)

    po4a_out = ws.peer("po4a") / "md"
    # A document po4a could not extract has no template, and po4a stops at the first such
    # entry of a config: it is left out of the configs and counted as failed.
    po4a_docs = [doc for doc in ws.documents()
                 if (ws.peer("po4a") / "pot" / f"{doc.stem}.pot").is_file()]
    po4a_skipped = len(ws.documents()) - len(po4a_docs)
    configs = [_po4a_config(ws, share, po4a_out, number)
               for number, share in enumerate(halves(po4a_docs))]
    po4a = Tool("po4a --no-update",
                f"{JOBS} × po4a --no-update po4a.cfg, each config listing its share of the "
                f"documents (`[type: text] DOC $lang:OUT/$lang/DOC.md pot=DOC "
                f"opt:\"-o markdown\"`) and the ten languages (po4a's own catalogs)",
                lambda: run_many([["po4a", "--no-update", str(config)] for config in configs])
                + po4a_skipped,
                lambda: _fresh(po4a_out))

    ttk = ws.peer("ttk")
    ttk_out = ttk / "md"
    po2md = Tool("translate-toolkit po2md",
                 f"po2md --progress=none -t SOURCE_DIR -i PO_DIR -o MD_DIR, one per language, "
                 f"{JOBS} at a time (translate-toolkit's own catalogs)",
                 lambda: run_many([[str(ws.peers_python), "-m", "translate.convert.po2md",
                                    "--progress=none", "-t", str(ws.corpus), "-i",
                                    str(ttk / "po" / code), "-o", str(ttk_out / code)]
                                   for code in TARGETS]),
                 lambda: _fresh(ttk_out))
    figures = compare("rebuild", ours, [mdpo, po4a, po2md], runs)
    figures.append(alone("rebuild", Tool(
        "ours (checks run too)",
        "localize assemble --format md, no cache at all: every error-level check runs "
        "(langdetect too) on every translated entry",
        lambda: assembled(run([*ws.localize, "assemble", "--format", "md"], cwd=project,
                                       check=False)), clean), 1))
    return figures


def bench_validate(ws: Workspace, runs: int) -> list[Figure]:
    """Cold validate (no cache) against pofilter's default checks, on the same PO files."""
    project = ws.project
    _reset_project(ws)

    def cold() -> None:
        shutil.rmtree(project / ".localize-cache", ignore_errors=True)

    ours = Tool("ours", "localize validate, no cache (every check, langdetect included)",
                lambda: _ok(run([*ws.localize, "validate"], cwd=project, check=False),
                            allow=(0, 1)), cold)
    out = ws.peer("ttk") / "pofilter"
    files = _po_only(ws.state / "po-filled", ws.state / "po-filled-po-only")
    pofilter = Tool(
        "translate-toolkit pofilter",
        f"pofilter --progress=none -i PO_DIR -o OUT_DIR (its default checks, one process, "
        f"the same {files} PO files)",
        lambda: _ok(run([ws.peers_python, "-m", "translate.filters.pofilter", "--progress=none",
                         "-i", ws.state / "po-filled-po-only", "-o", out], check=False),
                    allow=(0, 1)),
        lambda: _fresh(out))
    return compare("validate", ours, [pofilter], runs)


def bench_translate(ws: Workspace, runs: int) -> list[Figure]:
    """Filling every entry offline: ours with the pseudo engine against podebug."""
    project = ws.project
    _copy_sources(ws.corpus, project / SOURCE_DIR)

    def empty() -> None:
        replace_tree(ws.state / "po-empty", project / "po")
        shutil.rmtree(project / ".localize-cache", ignore_errors=True)

    ours = Tool("ours", "localize translate --engine pseudo, every entry empty, no cache",
                lambda: _ok(run([*ws.localize, "translate", "--engine", "pseudo"], cwd=project)),
                empty)
    out = ws.peer("ttk") / "podebug"
    files = _po_only(ws.state / "po-empty", ws.state / "po-empty-po-only")
    podebug = Tool(
        "translate-toolkit podebug",
        f"podebug --progress=none --rewrite=unicode -i PO_DIR -o OUT_DIR (one process, the same "
        f"{files} PO files, every entry empty)",
        lambda: _ok(run([ws.peers_python, "-m", "translate.tools.podebug", "--progress=none",
                         "--rewrite=unicode", "-i", ws.state / "po-empty-po-only", "-o", out])),
        lambda: _fresh(out))
    figures = compare("translate", ours, [podebug], runs)
    replace_tree(ws.state / "po-filled", project / "po")
    return figures


def bench_floor(ws: Workspace, runs: int) -> list[Figure]:
    files = [p for p in sorted((ws.state / "po-filled").glob("*/*.po")) if p.parent.name != "site"]
    out = ws.root / "floor"
    script = driver(ws, "polib_floor.py", POLIB_FLOOR)
    floor = Tool("polib parse + save",
                 f"{JOBS} × python: polib.pofile(po).save(copy) over its share "
                 f"of the {len(files)} PO files",
                 lambda: run_many([[str(ws.ours_python), str(script), str(out), *map(str, share)]
                                   for share in halves(files)]),
                 lambda: _fresh(out))
    return [alone("floor", floor, runs)]


def bench_run(ws: Workspace, runs: int) -> tuple[list[Figure], dict[str, object]]:
    project = ws.project
    argv = [*ws.localize, "run", "--engine", "pseudo"]
    _copy_sources(ws.corpus, project / SOURCE_DIR)
    extra: dict[str, object] = {}

    full = Figure("run", "ours, full",
                  "localize run --engine pseudo (an offline engine: translate fills every "
                  "entry), PO files with every entry empty, no output and no cache yet")
    memories = []
    for _ in range(runs):
        for name in ("output", ".localize-cache"):
            shutil.rmtree(project / name, ignore_errors=True)
        replace_tree(ws.state / "po-empty", project / "po")
        measured, memory, code = with_memory(argv, project)
        full.runs.append(measured)
        memories.append(memory)
        extra["full_exit_code"] = code
    _show(full)
    peak = max(memories, key=lambda m: m.pss_mb)
    extra["peak_pss_mb"] = peak.pss_mb
    extra["peak_rss_mb"] = max(m.rss_mb for m in memories)
    extra["peak_processes"] = max(m.processes for m in memories)
    extra["memory_samples"] = sum(m.samples for m in memories)
    extra["memory_runs"] = len(memories)
    progress(f"  peak PSS {peak.pss_mb:.0f} MB, RSS {extra['peak_rss_mb']:.0f} MB")

    before = tree_digest(project, skip=(".localize.lock",))
    noop = alone("run", Tool("ours, no-op", "localize run --engine pseudo, nothing changed",
                             lambda: _ok(run(argv, cwd=project, check=False), allow=(0, 1))),
                 runs)
    after = tree_digest(project, skip=(".localize.lock",))
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    extra["noop_changed_files"] = changed

    name, line = ws.one_edit
    article = project / SOURCE_DIR / name
    original = article.read_text(encoding="utf-8")
    edited = apply_edits(original, [line], " (edited)")
    state = {"edited": False}

    def toggle() -> None:
        state["edited"] = not state["edited"]
        article.write_text(edited if state["edited"] else original, encoding="utf-8")

    one = alone("run", Tool("ours, one paragraph",
                            f"localize run --engine pseudo after one paragraph of {name} "
                            f"(line {line + 1}) changed, then changed back",
                            lambda: _ok(run(argv, cwd=project, check=False), allow=(0, 1)),
                            toggle), runs)
    article.write_text(original, encoding="utf-8")
    return [full, noop, one], extra


# --- small helpers ---------------------------------------------------------------------


def _ok(result: subprocess.CompletedProcess[str], allow: tuple[int, ...] = (0,)) -> int:
    if result.returncode not in allow:
        raise Failed(f"{' '.join(map(str, result.args))}: exit {result.returncode}\n"
                     f"{result.stderr[-2000:]}")
    return 0


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _reset_project(ws: Workspace) -> None:
    """Our project as every stage starts from it: the filled catalogs, the unedited sources."""
    replace_tree(ws.state / "po-filled", ws.project / "po")
    _copy_sources(ws.corpus, ws.project / SOURCE_DIR)


def _copy_sources(source: Path, target: Path) -> None:
    for path in sorted(source.glob("*.md")):
        data = path.read_bytes()
        destination = target / path.name
        if not destination.exists() or destination.read_bytes() != data:
            destination.write_bytes(data)


def _po_only(source: Path, target: Path) -> int:
    """``target`` holding a link to every PO file under ``source`` (no templates); how many."""
    _fresh(target)
    count = 0
    for po in sorted(source.glob("*/*.po")):
        (target / po.parent.name).mkdir(exist_ok=True)
        (target / po.parent.name / po.name).symlink_to(po.resolve())
        count += 1
    return count


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


def _s(seconds: float) -> str:
    return f"{seconds:.2f}"


def report(ws: Workspace, figures: list[Figure], extra: dict[str, object],
           load: dict[str, object], show_commands: bool, command: str) -> list[str]:
    """The whole report, as lines: built before anything is printed."""
    f = ws.facts
    lines = [
        f"Command: `{command}`",
        f"Machine: {JOBS} cores, Python {sys.version.split()[0]}, {os.uname().sysname} "
        f"{os.uname().release}, {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"Ours: {f['ours']}",
        f"Corpus: {f['corpus']} ({corpus.FOLDERS[str(f['corpus'])].relative_to(ROOT)}/), "
        f"{f['documents']} documents, {int(f['corpus_bytes']) / 1e6:.2f} MB, sha256 "
        f"{str(f['corpus_sha256'])[:16]}; {f['paragraphs']:,} paragraphs, {f['edited']:,} "
        f"edited for the update in {f['edited_documents']} documents (seed {SEED}); "
        f"one-paragraph run: {f['one_edit']}",
    ]
    if "po_files" in f:
        lines.append(f"Project: {len(TARGETS)} languages, {f['po_files']:,} PO files, "
                     f"{int(f['po_bytes']) / 1e6:.0f} MB, {f['entries']:,} entries; "
                     f"{f.get('placeholders', 0)} empty files stand for the files the "
                     "documents link to and the corpus lacks (LICENSE …)")
    if "peers" in f:
        lines.append(f"Peers: {f['peers']}")
    for key, tool in (("mdpo_extract_failures", "mdpo"), ("po4a_extract_failures", "po4a")):
        if f.get(key):
            listed = f[key] if isinstance(f[key], list) else []
            count = len(listed) if listed else f[key]
            lines.append(f"{tool} could not extract {count} document(s)"
                         + (f" ({', '.join(map(str, listed))})" if listed else "")
                         + ": its figures leave them out (counted as failed in its rows).")
    lines += ["", "| stage | tool | runs | median s | min–max s | ours, paired runs: median s "
              "| ours : tool (median of paired ratios) | paired ratios min–max | disturbed |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for fig in figures:
        fail = f" ({fig.failures} failed)" if fig.failures else ""
        paired = ratio = spread = ""
        if fig.paired:
            ratios = fig.ratios
            paired = f"{_s(statistics.median(r.seconds for r in fig.paired))} ({len(fig.paired)})"
            ratio = f"1 : {statistics.median(ratios):.2f} ({len(ratios)})"
            spread = f"{min(ratios):.2f}–{max(ratios):.2f}"
        disturbed = f"{fig.disturbed}/{len(fig.runs)}" + (" !" if fig.disturbed else "")
        lines.append(f"| {fig.stage} | {fig.tool}{fail} | {len(fig.runs)} | {_s(fig.median)} | "
                     f"{_s(min(fig.times))}–{_s(max(fig.times))} | {paired} | {ratio} | {spread} "
                     f"| {disturbed} |")
    lines.append("")
    if "peak_pss_mb" in extra:
        lines.append(
            f"Peak memory of a cold `localize run` (its whole process tree, summed): "
            f"PSS {float(extra['peak_pss_mb']):.0f} MB (RSS {float(extra['peak_rss_mb']):.0f} MB), "
            f"the highest of {extra['memory_runs']} runs sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms ({extra['memory_samples']} samples), up to "
            f"{extra['peak_processes']} processes at once.")
        lines.append("")
    lines.append("Targets:")
    lines += [f"{'MET ' if met else 'MISS'}  {name}: {detail}"
              for name, met, detail in targets(figures, extra)]
    lines.append("")
    lines += reliability(figures, load)
    if show_commands:
        lines += ["", "Commands:"]
        lines += [f"- {fig.stage}, {fig.tool}: `{fig.command}`" for fig in figures]
    return lines


def reliability(figures: list[Figure], load: dict[str, object]) -> list[str]:
    runs = [(fig, r) for fig in figures for r in fig.runs]
    disturbed = [(fig, r) for fig, r in runs if r.disturbed]
    before = load["before"]
    after = load["after"]
    lines = [
        f"Load before the runs: other processes used {100 * before[0]:.0f} % of the CPU "  # type: ignore[index]
        f"(stolen {100 * before[1]:.0f} %), load average "  # type: ignore[index]
        f"{' '.join(f'{v:.2f}' for v in before[2])}; after: load average "  # type: ignore[index]
        f"{' '.join(f'{v:.2f}' for v in after)}.",  # type: ignore[attr-defined]
    ]
    if runs:
        worst_fig, worst = max(runs, key=lambda item: item[1].others)
        lines.append(
            f"During the runs: {len(disturbed)} of {len(runs)} runs disturbed (other processes "
            f"above {100 * DISTURBED:.0f} % of the CPU or steal above {100 * STOLEN:.0f} %); "
            f"the most others used was {100 * worst.others:.0f} % ({worst_fig.stage}, "
            f"{worst_fig.tool}), the most stolen "
            f"{100 * max(r.steal for _, r in runs):.0f} %.")
    noisy_before = before[0] > DISTURBED or before[1] > STOLEN  # type: ignore[index]
    if disturbed or noisy_before:
        rows = len({(fig.stage, fig.tool) for fig, _ in disturbed})
        lines.append(
            "UNRELIABLE: the machine was busy with other work"
            + (" before the runs" if noisy_before else "")
            + (" and" if noisy_before and disturbed else "")
            + (f" during {len(disturbed)} of {len(runs)} runs ({rows} of {len(figures)} rows, "
               "marked !)" if disturbed else "")
            + ". Alternating runs and pairing ratios limit the harm to ratios, but absolute "
            "times are inflated; run again on a quiet machine before quoting them.")
    else:
        lines.append("Reliable: no run was disturbed by other processes.")
    return lines


def _fastest(figures: list[Figure], stage: str) -> Figure | None:
    # A peer that failed on some files stays in: leaving it out would make the target easier.
    peers = [f for f in figures if f.stage == stage and f.paired]
    return min(peers, key=lambda f: statistics.median(f.ratios)) if peers else None


def targets(figures: list[Figure], extra: dict[str, object]) -> list[tuple[str, bool, str]]:
    by = {(f.stage, f.tool): f for f in figures}
    results = []
    for stage, name in (("extract", "extract"), ("update", "update"), ("rebuild", "rebuild"),
                        ("validate", "validate cold"), ("translate", "pseudo fill")):
        fastest = _fastest(figures, stage)
        if fastest:
            ratio = statistics.median(fastest.ratios)
            results.append((f"{name}: ≥ 3× faster than the fastest peer", ratio >= 3,
                            f"{ratio:.2f}× (median of {len(fastest.ratios)} paired ratios "
                            f"against {fastest.tool}, min {min(fastest.ratios):.2f}×)"
                            + (f"; it failed on {fastest.failures} file(s)"
                               if fastest.failures else "")))
    floor, update = by.get(("floor", "polib parse + save")), by.get(("update", "ours"))
    if floor and update:
        ratio = update.median / floor.median
        results.append(("update within 2× of the polib floor", ratio <= 2,
                        f"{ratio:.2f}× the floor (medians {update.median:.2f} s of "
                        f"{len(update.runs)} runs vs {floor.median:.2f} s of {len(floor.runs)})"))
    full, noop = by.get(("run", "ours, full")), by.get(("run", "ours, no-op"))
    if full and noop:
        share = noop.median / full.median
        results.append(("no-op run ≤ 5 % of a full run and < 2 s",
                        share <= 0.05 and noop.median < 2,
                        f"{noop.median:.2f} s = {100 * share:.1f} % of {full.median:.2f} s "
                        f"(medians of {len(noop.runs)} and {len(full.runs)} runs)"))
    if "peak_pss_mb" in extra:
        peak = float(extra["peak_pss_mb"])  # type: ignore[arg-type]
        results.append(("peak memory (PSS) < 300 MB", peak < 300, f"{peak:.0f} MB"))
    changed = extra.get("noop_changed_files")
    if changed is not None:
        results.append(("no-op run changes no byte", not changed,
                        f"{len(changed)} file(s) changed"  # type: ignore[arg-type]
                        + (": " + ", ".join(changed[:5]) if changed else "")))  # type: ignore[index]
    return results


STAGES = ("extract", "update", "rebuild", "validate", "translate", "floor", "run")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=corpus.CORPORA, default="readmes",
                        help="readmes (bench/corpus/) or docs (bench/corpus-docs/).")
    parser.add_argument("--docs", type=int, help=f"Documents (default 200; {QUICK_DOCS} "
                        "with --quick).")
    parser.add_argument("--runs", type=int, help="Runs of every tool (default 3; 2 with --quick).")
    parser.add_argument("--quick", action="store_true",
                        help=f"A smoke test: {QUICK_DOCS} documents, 2 runs, every stage.")
    parser.add_argument("--work", type=Path,
                        help="Work folder (default: a temporary one, removed).")
    parser.add_argument("--peers-venv", type=Path, help="Reuse this virtual environment for peers.")
    parser.add_argument("--ours", type=Path, metavar="CHECKOUT",
                        help="Time the pipeline of this checkout (another commit of this "
                        "repository, its dependencies installed here) instead of this one's; "
                        "the corpus and the harness stay this one's.")
    parser.add_argument("--only", nargs="*", default=(), choices=STAGES)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--show-commands", action="store_true")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 3)
    docs = args.docs or (QUICK_DOCS if args.quick else 200)
    if runs < 1:
        parser.error("--runs must be at least 1")
    started = time.perf_counter()
    temporary = args.work is None
    root = Path(tempfile.mkdtemp(prefix="localize-bench-")) if temporary else args.work
    root.mkdir(parents=True, exist_ok=True)
    ws = Workspace(root.resolve(), args.corpus, docs, Path(sys.executable))
    if args.ours:
        use_checkout(ws, args.ours.resolve())
    ws.facts["ours"] = describe_checkout(ws.ours_checkout)
    doing = "setting up"
    try:
        stages = [s for s in STAGES if s in args.only] or list(STAGES)
        set_up(ws)
        if set(stages) & {"extract", "update", "rebuild", "validate", "translate"}:
            doing = "installing the peers"
            install_peers(ws, args.peers_venv)
            doing = "preparing the peers' catalogs"
            prepare_peers(ws)
        figures: list[Figure] = []
        extra: dict[str, object] = {}
        load: dict[str, object] = {"before": idle_load()}
        progress(f"timing ({JOBS} cores; each tool uses all of them); runs marked * were "
                 "disturbed by other processes")
        benches: dict[str, Callable[[Workspace, int], list[Figure]]] = {
            "extract": bench_extract, "update": bench_update, "rebuild": bench_rebuild,
            "validate": bench_validate, "translate": bench_translate, "floor": bench_floor}
        for stage in stages:
            doing = f"timing {stage}"
            if stage == "run":
                run_figures, extra = bench_run(ws, runs)
                figures += run_figures
            else:
                figures += benches[stage](ws, runs)
        load["after"] = os.getloadavg()
        doing = "writing the report"
        command = "python bench/run_bench.py " + " ".join(sys.argv[1:])
        lines = report(ws, figures, extra, load, args.show_commands, command)
        lines.append(f"\nbench took {time.perf_counter() - started:.0f} s")
        if args.json:
            args.json.write_text(json.dumps({
                "facts": ws.facts, "load": load, "extra": extra,
                "figures": [{"stage": f.stage, "tool": f.tool, "command": f.command,
                             "runs": [r.__dict__ for r in f.runs],
                             "paired": [r.__dict__ for r in f.paired]} for f in figures],
                "targets": targets(figures, extra),
            }, indent=1, ensure_ascii=False), encoding="utf-8")
    except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - say what failed, loudly
        traceback.print_exc()
        print(f"\nFAILED while {doing}: {type(error).__name__}: {str(error).strip()[:3000]}",
              file=sys.stderr)
        print(f"FAILED while {doing}: no figures printed (work folder: {root})")
        return 1
    finally:
        if temporary:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
