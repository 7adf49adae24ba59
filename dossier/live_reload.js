// Live reload, added to pages only by `build.py serve` (never part of a built site or the zip).
// The server tells every open page, over server-sent events, when the site was rebuilt (the
// page reloads if it changed) and what problems the build met (an overlay shows them; when a
// rebuild failed, the last good page stays).
"use strict";
(() => {
  const OVERLAY_ID = "dossier-build-problems";

  function sitePath() {
    const path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.endsWith("/") ? `${path}index.html` : path;
  }

  function hideOverlay() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  // Styled through the CSSOM, which the site's Content-Security-Policy allows (a style attribute it would not).
  function showOverlay(problems) {
    hideOverlay();
    const overlay = document.createElement("section");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    Object.assign(overlay.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647", maxHeight: "60vh",
      overflow: "auto", margin: "0", padding: "1rem 1.25rem", background: "#2b0d0d", color: "#ffe9e9",
      borderTop: "4px solid #e5484d", font: "14px/1.5 ui-monospace, Menlo, Consolas, monospace",
    });
    const heading = document.createElement("h2");
    heading.textContent = "Problems in the last rebuild (what is shown is the last good version):";
    Object.assign(heading.style, { margin: "0 0 .5rem", font: "inherit", fontWeight: "bold" });
    const list = document.createElement("ul");
    Object.assign(list.style, { margin: "0", paddingLeft: "1.25rem" });
    for (const problem of problems) {
      const item = document.createElement("li");
      item.textContent = problem; // text, never markup: a problem may quote the file
      list.append(item);
    }
    const hint = document.createElement("p");
    hint.textContent = "Fix the file and save: the page updates by itself.";
    Object.assign(hint.style, { margin: ".5rem 0 0", opacity: "0.8" });
    overlay.append(heading, list, hint);
    document.body.append(overlay);
  }

  const events = new EventSource("/__dossier/events");
  // Marks the page as listening (tests wait for it); EventSource reconnects by itself if the server restarts.
  events.addEventListener("open", () => { document.documentElement.dataset.liveReload = "on"; });
  // {changed: site paths (null: reload whatever this page is), problems: [...]}
  events.addEventListener("update", (event) => {
    const { changed, problems } = JSON.parse(event.data);
    if (changed === null || changed.includes(sitePath())) {
      location.reload(); // the new page's own connection brings any problems back
    } else if (problems.length) {
      showOverlay(problems);
    } else {
      hideOverlay();
    }
  });
})();
