// The search page: runs the reader's query on the prebuilt index (search-index-*.js, loaded by
// this page only) with lunr.js, filters by theme and year, and lists the results with a snippet
// of the best-matching paragraph, linked to that paragraph. Results are built as DOM nodes with
// textContent, never as HTML strings, so no document text can become markup.
"use strict";

(function () {
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const box = document.getElementById("search-query");
  const themeFilter = document.getElementById("search-theme");
  const yearFilter = document.getElementById("search-year");
  const SNIPPET_LENGTH = 220;
  const RESULTS_AT_ONCE = 50;

  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  box.value = query;
  themeFilter.value = params.get("theme") || "";
  yearFilter.value = params.get("year") || "";
  document.getElementById("site-search").value = query;
  for (const filter of [themeFilter, yearFilter]) {
    filter.addEventListener("change", () => filter.form.requestSubmit());
  }

  // ё is е to the stemmer that built the index (see dossier/search_index.py): fold queries alike.
  const fold = (text) => text.replace(/ё/g, "е").replace(/Ё/g, "Е");

  function say(message) {
    status.textContent = message;
  }

  function search() {
    if (!query) {
      say("Type words to search for.");
      box.focus();
      return;
    }
    const shards = window.DOSSIER_SEARCH;
    if (!shards || !window.lunr || !window.lunr.ru) {
      say("The search index did not load; try reloading the page.");
      return;
    }
    let found;
    try {
      found = searchShards(shards, fold(query));
    } catch (error) {
      if (error instanceof window.lunr.QueryParseError) {
        say(`This query can't be read: ${error.message}. Check a field name ends with a word (title:belarus) and ~ or * follow a word.`);
        return;
      }
      throw error;
    }
    const matching = found.filter(({ entry }) => {
      const themeOk = !themeFilter.value || entry.themes.includes(themeFilter.value);
      const yearOk = !yearFilter.value || (entry.date || "").startsWith(yearFilter.value);
      return themeOk && yearOk;
    });
    const filters = [themeFilter.value, yearFilter.value].filter(Boolean).join(", ");
    if (!matching.length) {
      say(`No documents match “${query}”${filters ? ` in ${filters}` : ""}.`);
      return;
    }
    say(`${matching.length} document${matching.length === 1 ? "" : "s"} match “${query}”${filters ? ` in ${filters}` : ""}.`);
    showResults(matching, 0);
  }

  // The index comes in shards (dossier/search_index.py), each a lunr index of its own: search
  // them all and merge by score; equal scores keep shard order, as the build's tests expect.
  function searchShards(shards, text) {
    const ordered = [...shards].sort((a, b) => a.shard - b.shard);
    return ordered
      .flatMap((shard) => {
        shard.loaded = shard.loaded || window.lunr.Index.load(shard.index);
        return shard.loaded.search(text).map((result) => ({ result, entry: shard.documents[Number(result.ref)] }));
      })
      .sort((a, b) => b.result.score - a.result.score);
  }

  // A few results at a time: a word found in thousands of documents must not freeze the page.
  function showResults(matching, from) {
    document.getElementById("search-more")?.remove();
    for (const { result, entry } of matching.slice(from, from + RESULTS_AT_ONCE)) {
      results.append(resultItem(entry, Object.keys(result.matchData.metadata)));
    }
    const rest = matching.length - from - RESULTS_AT_ONCE;
    if (rest > 0) {
      const more = document.createElement("button");
      more.id = "search-more";
      more.type = "button";
      more.textContent = `Show ${Math.min(rest, RESULTS_AT_ONCE)} more of ${rest}`;
      more.addEventListener("click", () => {
        const shown = results.children.length;
        showResults(matching, from + RESULTS_AT_ONCE);
        results.children[shown].querySelector("a").focus(); // keyboard readers go on where they were
      });
      results.after(more);
    }
  }

  // Words of the text that the index would have turned into one of the matched terms: the
  // matched terms are stems, so a word matches when it starts with one.
  function matcher(terms) {
    const stems = terms.map((term) => fold(term.toLowerCase())).filter((term) => term.length > 1);
    return (word) => {
      const folded = fold(word.toLowerCase());
      return stems.some((stem) => folded.startsWith(stem));
    };
  }

  function bestParagraph(paragraphs, isMatch) {
    let best = 0;
    let bestCount = -1;
    paragraphs.forEach((paragraph, position) => {
      const count = paragraph.split(/[^\p{L}\p{N}]+/u).filter(isMatch).length;
      if (count > bestCount) {
        best = position;
        bestCount = count;
      }
    });
    // Matched in the title or names only: show the opening, skipping a salutation line.
    return bestCount > 0 ? best : Math.max(0, paragraphs.findIndex((paragraph) => paragraph.length > 80));
  }

  function snippet(text, isMatch) {
    const words = text.split(/([^\p{L}\p{N}]+)/u);
    let start = 0;
    let offset = 0;
    for (const word of words) {
      if (isMatch(word)) {
        start = Math.max(0, offset - SNIPPET_LENGTH / 3);
        break;
      }
      offset += word.length;
    }
    if (start > 0) start = text.indexOf(" ", start) + 1; // begin at a word, not inside one
    const cut = text.slice(start, start + SNIPPET_LENGTH);
    return (start > 0 ? "…" : "") + cut + (start + SNIPPET_LENGTH < text.length ? "…" : "");
  }

  function highlighted(text, isMatch) {
    const fragment = document.createDocumentFragment();
    for (const part of text.split(/([^\p{L}\p{N}]+)/u)) {
      if (part && isMatch(part)) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        fragment.append(mark);
      } else {
        fragment.append(part);
      }
    }
    return fragment;
  }

  function resultItem(entry, terms) {
    const isMatch = matcher(terms);
    const position = bestParagraph(entry.paragraphs, isMatch);
    const item = document.createElement("li");
    const heading = document.createElement("a");
    heading.href = `${entry.url}#p${position + 1}`;
    heading.className = "result-link";
    heading.append(highlighted(entry.title, isMatch));
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = [entry.date || "Undated", ...entry.themes].join(" · ");
    const text = document.createElement("p");
    text.className = "snippet";
    text.append(highlighted(snippet(entry.paragraphs[position] || "", isMatch), isMatch));
    item.append(heading, meta, text);
    return item;
  }

  // Arrow keys walk the results; Enter follows the focused one, as links do.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...results.querySelectorAll("a.result-link")];
    if (!links.length) return;
    const current = links.indexOf(document.activeElement);
    if (current === -1 && event.target !== box) return;
    event.preventDefault();
    const next = event.key === "ArrowDown" ? Math.min(current + 1, links.length - 1) : current - 1;
    (next < 0 ? box : links[next]).focus();
  });

  search();
})();
