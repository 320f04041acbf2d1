// localize serve: live reload, build errors, and the translator view.
// Put into pages by the server only (never into output/). Every text that comes from a PO
// file is set with textContent, never as HTML.
(() => {
  "use strict";
  const KEY = "localize-translator-view";
  const API = "/__localize/";
  const meta = document.querySelector('meta[name="localize-build"]');
  const build = meta ? Number(meta.content) : 0;
  let segments = new Map();
  let current = null;
  let hideTimer = 0;

  function element(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- build errors ------------------------------------------------------------------
  function showErrors(errors) {
    let box = document.getElementById("l10n-errors");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = element("div", { id: "l10n-errors", role: "alert", lang: "en", dir: "ltr" });
      document.body.prepend(box);
    }
    box.replaceChildren(element("strong", {}, "The last build has errors; this page may be out of date:"));
    const list = element("ul");
    for (const error of errors) list.append(element("li", {}, error));
    box.append(list);
  }

  async function loadState() {
    try {
      const response = await fetch(API + "state.json", { cache: "no-store" });
      showErrors((await response.json()).errors);
    } catch (error) {
      /* the server is restarting; the event stream reconnects */
    }
  }

  // --- live reload -------------------------------------------------------------------
  function listen() {
    const events = new EventSource(API + "events?since=" + build);
    events.addEventListener("build", () => {
      events.close();
      location.reload();
    });
  }

  // --- the translator view -----------------------------------------------------------
  const toggle = element("button", {
    id: "l10n-toggle", type: "button", "aria-pressed": "false", lang: "en", dir: "ltr",
  }, "Translator view");
  const tip = element("div", { id: "l10n-tip", role: "tooltip", hidden: "", lang: "en", dir: "ltr" });

  function row(label, text, attrs) {
    const line = element("div", { class: "l10n-row" });
    line.append(element("span", { class: "l10n-key" }, label + " "));
    line.append(element("span", Object.assign({ dir: "auto" }, attrs || {}), text));
    return line;
  }

  function fill(segment) {
    tip.replaceChildren(element("div", { class: "l10n-state" }, segment.label));
    if (segment.previous) tip.append(row("was:", segment.previous, { lang: "en" }));
    tip.append(row("English:", segment.english, { lang: "en" }));
    if (segment.translation && segment.state !== "reviewed" && segment.state !== "machine") {
      tip.append(row("PO file:", segment.translation, { lang: document.documentElement.lang }));
    }
    if (segment.refusal) tip.append(row("refused:", segment.refusal));
    if (segment.findings.length) {
      const list = element("ul", { class: "l10n-findings" });
      for (const finding of segment.findings) list.append(element("li", {}, finding));
      tip.append(list);
    }
    const where = element("div", { class: "l10n-where" });
    if (segment.href) {
      where.append(element("a", { href: segment.href, title: "Open in the editor" }, segment.where));
    } else {
      where.textContent = segment.where;
    }
    tip.append(where);
  }

  function show(event) {
    const target = event.currentTarget;
    const segment = segments.get(target.dataset.l10n);
    if (!segment) return;
    clearTimeout(hideTimer);
    current = target;
    fill(segment);
    tip.hidden = false;
    const box = target.getBoundingClientRect();
    const top = window.scrollY + box.bottom + 6;
    const width = Math.min(520, document.documentElement.clientWidth - 16);
    let left = window.scrollX + box.left;
    left = Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
    tip.style.width = width + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function hide() {
    tip.hidden = true;
    current = null;
  }

  function openEditor(event) {
    if (event.key !== "Enter") return;
    const segment = segments.get(event.currentTarget.dataset.l10n);
    if (segment && segment.href) location.href = segment.href;
  }

  async function decorate() {
    const path = encodeURIComponent(location.pathname);
    const response = await fetch(API + "page.json?path=" + path, { cache: "no-store" });
    const data = await response.json();
    if (data.error) showErrors([data.error]);
    segments = new Map(data.segments.map((segment) => [String(segment.n), segment]));
    for (const node of document.querySelectorAll("[data-l10n]")) {
      const segment = segments.get(node.dataset.l10n);
      if (!segment) continue;
      node.dataset.l10nState = segment.state;
      node.tabIndex = 0;
      node.setAttribute("aria-describedby", "l10n-tip");
      node.addEventListener("mouseenter", show);
      node.addEventListener("focus", show);
      node.addEventListener("mouseleave", hideSoon);
      node.addEventListener("blur", hideSoon);
      node.addEventListener("keydown", openEditor);
    }
    document.body.dataset.l10nReady = "true";
  }

  function undecorate() {
    hide();
    for (const node of document.querySelectorAll("[data-l10n-state]")) {
      delete node.dataset.l10nState;
      node.removeAttribute("tabindex");
      node.removeAttribute("aria-describedby");
      node.removeEventListener("mouseenter", show);
      node.removeEventListener("focus", show);
      node.removeEventListener("mouseleave", hideSoon);
      node.removeEventListener("blur", hideSoon);
      node.removeEventListener("keydown", openEditor);
    }
    delete document.body.dataset.l10nReady;
  }

  async function setView(on) {
    sessionStorage.setItem(KEY, on ? "on" : "off");
    toggle.setAttribute("aria-pressed", String(on));
    document.documentElement.classList.toggle("l10n-on", on);
    if (on) await decorate();
    else undecorate();
  }

  toggle.addEventListener("click", () => setView(toggle.getAttribute("aria-pressed") !== "true"));
  tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  tip.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) hide();
  });

  document.body.append(toggle, tip);
  loadState();
  listen();
  if (document.querySelector("[data-l10n]")) {
    if (sessionStorage.getItem(KEY) === "on") setView(true);
  } else {
    toggle.hidden = true; // an index page: nothing to show
  }
})();
