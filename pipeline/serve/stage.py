"""serve: build the site with the translator view, serve it, rebuild on every save.

Rules:

- Listens on 127.0.0.1 unless another host is asked for, and then warns
  that anyone who can reach that address can read the site; port 8000 by
  default, 0 for any free port. A port in use is a usage error.
- The site is built into ``<cache_dir>/serve/site`` with a cache of its
  own (``<cache_dir>/serve/cache``), by the ``Rebuild`` handed in (see the
  package docstring); ``output/``, ``po/`` and ``source/`` are only read.
- First a full build, then one rebuild per set of saved files
  (``watch.affected``). After each, open pages get a ``build`` event and
  reload themselves; the build's errors (a PO file that does not parse:
  ``file:line: …``) are shown in every page until a later build has none.
  A build that fails in any way is reported and the server keeps serving
  what it last built.
- Stops on Ctrl-C or SIGTERM (``Serving.stop`` for library callers).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from watchfiles import Change

from pipeline.errors import LocalizeError, UsageError
from pipeline.project.settings import Settings, with_overrides
from pipeline.serve.overlay import EDITOR, page_data, page_of
from pipeline.serve.server import BuildState, SiteServer
from pipeline.serve.watch import affected, watch_project

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Built:
    """What one build did: files written, and every error as one line."""

    written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


Rebuild = Callable[[Settings, "list[str] | None"], Built]
"""Build the given articles (``None``: all) with the given settings, annotated for the view."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = LOOPBACK
    port: int = 8000
    editor: str = EDITOR
    """Link for ``file:line`` in the view (``overlay.EDITOR``)."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def preview_settings(settings: Settings) -> Settings:
    """``settings`` with the output and cache folders of serve's own build."""
    base = PurePosixPath(settings.cache_dir) / "serve"
    return with_overrides(settings, output_dir=str(base / "site"), cache_dir=str(base / "cache"))


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


class Serving:
    """A running ``serve``: its build, its HTTP server thread and its watcher thread."""

    def __init__(self, settings: Settings, rebuild: Rebuild, options: ServeOptions = ServeOptions(),
                 say: Callable[[str], None] = _say) -> None:
        self.settings = settings
        self.preview = preview_settings(settings)
        self.rebuild = rebuild
        self.options = options
        self.say = say
        self.state = BuildState()
        self.stopping = threading.Event()
        self.server: SiteServer | None = None
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = str(self.server.server_address[0]), self.server.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        """Build everything, bind the port, then serve and watch on threads."""
        if not is_loopback(self.options.host):
            self.say(f"warning: serving on {self.options.host}: anyone who can reach this "
                     "machine there can read the site and its translation notes")
        self._build(None, ["everything"])
        self.server = _bind(self.options.host, self.options.port, self.preview,
                            self.state, self._page_data)
        self.threads = [
            threading.Thread(target=self.server.serve_forever, name="serve-http", daemon=True),
            threading.Thread(target=self._watch, name="serve-watch", daemon=True),
        ]
        for thread in self.threads:
            thread.start()
        self.say(f"Serving on {self.url} (Ctrl-C to stop); watching "
                 f"{self.settings.source_dir}/ and {self.settings.po_dir}/")

    def stop(self) -> None:
        self.stopping.set()
        self.state.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def _page_data(self, path: str) -> dict[str, object]:
        page = page_of(self.settings, path)
        if page is None:
            return {"segments": []}
        return page_data(self.settings, page, self.options.editor)

    def _watch(self) -> None:
        watch_project(self.settings, self.stopping, self._changed)

    def _changed(self, changes: set[tuple[Change, str]]) -> None:
        try:
            only, shown = affected(self.settings, changes)
        except LocalizeError as exc:
            only, shown = None, [str(exc)]
        if shown:
            self._build(only, shown)

    def _build(self, only: list[str] | None, why: list[str]) -> None:
        started = time.monotonic()
        try:
            built = self.rebuild(self.preview, only)
        except LocalizeError as exc:
            built = Built(errors=[str(exc)])
        except Exception as exc:  # noqa: BLE001 - one bad build must not stop the server
            built = Built(errors=[f"build failed: {type(exc).__name__}: {exc}"])
        seconds = time.monotonic() - started
        self.say(f"rebuilt after {', '.join(why)}: {len(built.written)} file(s) written "
                 f"in {seconds:.2f} s")
        for error in built.errors:
            self.say(f"error: {error}")
        self.state.publish(built.errors)


def _bind(host: str, port: int, preview: Settings, state: BuildState,
          data: Callable[[str], dict[str, object]]) -> SiteServer:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("Server", (SiteServer,), {"address_family": family})
    try:
        server: SiteServer = server_class((host, port), preview.output_path, state, data)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
                         "pick another port with --port (0: any free one)") from exc
    return server


def serve(settings: Settings, rebuild: Rebuild, options: ServeOptions = ServeOptions(),
          say: Callable[[str], None] = _say) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM)."""
    serving = Serving(settings, rebuild, options, say)
    serving.start()
    try:
        while not serving.stopping.wait(3600):
            pass
    except KeyboardInterrupt:
        say("stopped")
    finally:
        serving.stop()
