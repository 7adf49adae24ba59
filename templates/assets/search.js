// The search page: runs the reader's query with lunr.js on the dossier's index, loaded piece by
// piece as the query needs it (search-index.js). Results come as the reader types, narrowed by
// facets with counts (theme, year, names, outlet, tag), sorted by relevance or date, with quoted
// phrases checked word by word, and can be downloaded. The address always says what is shown
// (?q=&theme=&year=&name=&outlet=&tag=&sort=), so every state is a link. Everything shown is
// built as DOM nodes with textContent, never as HTML strings, so no document text can become markup.
"use strict";

(function () {
  const form = document.getElementById("search-form");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const suggestion = document.getElementById("search-suggestion");
  const facetPanel = document.getElementById("search-facets");
  const downloads = document.getElementById("search-downloads");
  const box = document.getElementById("search-query");
  const sortChoice = document.getElementById("search-sort");
  const RESULTS_AT_ONCE = 10;
  const TYPING_PAUSE_MS = 250;
  const FACET_VALUES_SHOWN = 8;
  // A phrase is checked in each candidate's text, which loads its listing: at most this many.
  const PHRASE_CHECKS = 400;
  const FACETS = { theme: "Theme", year: "Year", name: "Names", outlet: "Outlet", tag: "Tag" };
  const SORTS = ["relevance", "newest", "oldest"];

  // What a result shows, and the results as a file (search-result.js).
  const { fold, resultItem, download } = window.dossierSearchResult;

  // The index's pieces are scripts that hand their data to receive(): a page opened from disk
  // may add scripts, not fetch() files. Each piece is asked for once.
  const registry = (window.DOSSIER_SEARCH = window.DOSSIER_SEARCH || {});
  const received = new Map();
  const loading = new Map();
  registry.receive = (kind, number, data) => received.set(`${kind}/${number}`, data);

  function load(kind, number, file) {
    const key = `${kind}/${number}`;
    if (!loading.has(key)) {
      const loaded = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = file;
        script.addEventListener("load", () => {
          if (received.has(key)) resolve(received.get(key));
          else reject(new Error(`${file} is not a piece of this index`));
        });
        script.addEventListener("error", () => {
          loading.delete(key); // a later query tries again
          reject(new Error(`${file} could not be loaded`));
        });
        document.head.append(script);
      });
      loading.set(key, loaded);
    }
    return loading.get(key);
  }

  const ready = registry.head && window.lunr && window.lunr.ru && window.dossierSearchIndex;
  const index = ready ? window.dossierSearchIndex(window.lunr, registry.head, load) : null;

  // --- The state: what the address says ------------------------------------------------------

  function stateOf(search) {
    const params = new URLSearchParams(search);
    const state = { q: (params.get("q") || "").trim(), sort: params.get("sort") || "relevance" };
    for (const facet of Object.keys(FACETS)) state[facet] = params.get(facet) || "";
    if (!SORTS.includes(state.sort)) state.sort = "relevance";
    return state;
  }

  function addressOf(state) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(state)) {
      if (value && !(key === "sort" && value === "relevance")) params.set(key, value);
    }
    return `${window.location.pathname}?${params}`;
  }

  function show(state) {
    box.value = state.q;
    document.getElementById("site-search").value = state.q;
    sortChoice.value = state.sort;
    for (const facet of ["theme", "year"]) document.getElementById(`search-${facet}`).value = state[facet];
  }

  let state = stateOf(window.location.search);
  let generation = 0; // each search's number: a newer one makes an older one's results stale

  function go(next, { replace = false } = {}) {
    state = next;
    const address = addressOf(state);
    if (address !== `${window.location.pathname}${window.location.search}`) {
      if (replace) window.history.replaceState(null, "", address);
      else window.history.pushState(null, "", address);
    }
    show(state);
    search();
  }

  function fromForm() {
    const next = { ...state, q: box.value.trim(), sort: sortChoice.value };
    for (const facet of ["theme", "year"]) next[facet] = document.getElementById(`search-${facet}`).value;
    return next;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(fromForm());
  });
  for (const control of form.querySelectorAll("select")) control.addEventListener("change", () => go(fromForm()));
  let typing;
  box.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => go(fromForm(), { replace: true }), TYPING_PAUSE_MS);
  });
  window.addEventListener("popstate", () => {
    state = stateOf(window.location.search);
    show(state);
    search();
  });
  // Facet links are addresses like any other; followed here, they need no page load.
  facetPanel.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    go(stateOf(new URL(link.href).search));
  });

  // --- Searching -------------------------------------------------------------------------------

  function say(message) {
    status.textContent = message;
  }

  function clear() {
    results.replaceChildren();
    suggestion.replaceChildren();
    facetPanel.replaceChildren();
    facetPanel.setAttribute("aria-busy", "true");
    downloads.hidden = true;
    document.getElementById("search-more")?.remove();
  }

  // Quoted phrases ("open skies"): their words must all be there, then next to each other in
  // the text. Words a stop-word filter drops (of, и) are not in the index: they are not required.
  function phrasesOf(query) {
    const phrases = [...query.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    const kept = (word) => window.lunr.stopWordFilter(word) && window.lunr.ru.stopWordFilter(word);
    const required = phrases.map((phrase) => wordsOf(phrase).filter(kept).map((word) => `+${word}`).join(" "));
    let lunrQuery = query;
    phrases.forEach((phrase, position) => {
      lunrQuery = lunrQuery.replace(`"${phrase}"`, required[position]);
    });
    return { phrases: phrases.map((phrase) => wordsOf(phrase).join(" ")).filter(Boolean), lunrQuery: lunrQuery.replace(/"/g, " ") };
  }

  function wordsOf(text) {
    return fold(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function hasPhrases(listing, phrases) {
    const text = ` ${wordsOf([listing.title, ...listing.paragraphs].join(" \n ")).join(" ")} `;
    return phrases.every((phrase) => text.includes(` ${phrase} `));
  }

  async function search() {
    const mine = ++generation;
    const current = state;
    clear();
    if (!current.q) {
      say("Type words to search for.");
      return;
    }
    if (!index) {
      say("The search index did not load; try reloading the page.");
      return;
    }
    say("Searching…");
    const { phrases, lunrQuery } = phrasesOf(current.q);
    const filtered = Object.keys(FACETS).some((facet) => current[facet]);
    let found;
    // A phrase is checked in the best PHRASE_CHECKS candidates' texts alone.
    let checkedOnly = false;
    // Ranked by relevance alone, the best results show first, scored before the rest are: a
    // word in half of 100,000 documents would keep the reader waiting for all of them.
    let shownFirst = [];
    try {
      const query = await index.query(fold(lunrQuery));
      if (mine !== generation) return;
      if (!phrases.length && !filtered && current.sort === "relevance") {
        const best = query.best(RESULTS_AT_ONCE);
        if (best.complete) found = best.results;
        else {
          shownFirst = best.results;
          if (!(await showResults(shownFirst, 0, current, mine))) return;
          say("Searching… the best results are shown first; counting the rest.");
          await painted();
          if (mine !== generation) return;
        }
      }
      found = found || query.all();
      if (phrases.length) {
        checkedOnly = found.length > PHRASE_CHECKS;
        found = await withPhrases(found.slice(0, PHRASE_CHECKS), phrases);
      }
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof window.lunr.QueryParseError) {
        say(`This query can't be read: ${error.message}. Check a field name ends with a word (title:belarus) and ~ or * follow a word.`);
      } else {
        say(`The search index did not load (${error.message}); try reloading the page.`);
      }
      return;
    }
    if (mine !== generation) return;
    // Facets, filters and dates need each result's facet values; relevance alone does not, so
    // the first results show before those load.
    let facets = filtered || current.sort !== "relevance" ? await index.facets(found.map((result) => result.ref)) : null;
    if (mine !== generation) return;
    const matching = facets ? sorted(found.filter((result) => admits(facets.get(result.ref), current)), facets, current.sort) : found;
    const within = Object.keys(FACETS).filter((facet) => current[facet]).map((facet) => current[facet]).join(", ");
    if (!matching.length) {
      say(`No documents match “${current.q}”${within ? ` in ${within}` : ""}.`);
      if (!found.length) offerTypos(current, mine);
      return;
    }
    const same = shownFirst.length && shownFirst.every((result, position) => matching[position]?.ref === result.ref);
    if (!same) results.replaceChildren();
    if (!(await showResults(matching, 0, current, mine, same))) return;
    const checked = checkedOnly ? ` (the ${PHRASE_CHECKS} best candidates checked for the phrase)` : "";
    say(`${matching.length} document${matching.length === 1 ? "" : "s"} match “${current.q}”${within ? ` in ${within}` : ""}${checked}.`);
    offerDownloads(matching);
    // The results are painted before the facets load: what a reader reads first comes first.
    await painted();
    if (mine !== generation) return;
    facets = facets || (await index.facets(found.map((result) => result.ref)));
    if (mine === generation) showFacets(matching, facets, current);
  }

  function painted() {
    return new Promise((resolve) => window.requestAnimationFrame(() => setTimeout(resolve, 0)));
  }

  async function withPhrases(candidates, phrases) {
    const listings = await Promise.all(candidates.map((result) => index.listing(result.ref)));
    return candidates.filter((_, position) => hasPhrases(listings[position], phrases));
  }

  function yearOf(values) {
    return (values.date || "").slice(0, 4);
  }

  function valuesOf(values, facet) {
    if (facet === "year") return yearOf(values) ? [yearOf(values)] : [];
    if (facet === "outlet") return values.outlet ? [values.outlet] : [];
    return values[facet];
  }

  function admits(values, wanted) {
    return Object.keys(FACETS).every((facet) => !wanted[facet] || valuesOf(values, facet).includes(wanted[facet]));
  }

  // By date, either way, undated last; equal dates keep the order of relevance.
  function sorted(found, facets, sort) {
    if (sort === "relevance") return found;
    const direction = sort === "newest" ? -1 : 1;
    return [...found].sort((a, b) => {
      const [first, second] = [facets.get(a.ref).date || "", facets.get(b.ref).date || ""];
      if (!first || !second) return (first ? 0 : 1) - (second ? 0 : 1);
      return first === second ? 0 : first < second ? -direction : direction;
    });
  }

  // Each facet's values among the results, most frequent first, each a link that narrows to it
  // (or, when chosen, widens again).
  function showFacets(matching, facets, current) {
    const sections = [];
    for (const [facet, label] of Object.entries(FACETS)) {
      const counts = new Map();
      for (const result of matching) {
        for (const value of new Set(valuesOf(facets.get(result.ref), facet))) counts.set(value, (counts.get(value) || 0) + 1);
      }
      if (!counts.size) continue;
      const ranked = [...counts].sort((a, b) => b[1] - a[1] || (facet === "year" ? b[0].localeCompare(a[0]) : a[0].localeCompare(b[0])));
      const section = document.createElement("section");
      const heading = document.createElement("h2");
      heading.textContent = label;
      const list = document.createElement("ul");
      ranked.forEach(([value, count], position) => {
        const item = document.createElement("li");
        const chosen = current[facet] === value;
        const link = document.createElement("a");
        link.href = addressOf({ ...current, [facet]: chosen ? "" : value });
        link.textContent = value;
        if (chosen) {
          link.setAttribute("aria-current", "true");
          link.title = "Show all again";
        }
        const number = document.createElement("span");
        number.className = "count";
        number.textContent = String(count);
        item.append(link, " ", number);
        item.hidden = position >= FACET_VALUES_SHOWN && !chosen;
        list.append(item);
      });
      section.append(heading, list);
      if (ranked.length > FACET_VALUES_SHOWN) section.append(moreButton(list, ranked.length - FACET_VALUES_SHOWN));
      sections.push(section);
    }
    facetPanel.replaceChildren(...sections);
    facetPanel.setAttribute("aria-busy", "false");
  }

  function moreButton(list, hidden) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "facet-more";
    button.textContent = `${hidden} more`;
    button.addEventListener("click", () => {
      for (const item of list.children) item.hidden = false;
      button.remove();
    });
    return button;
  }

  // No hits: the same query, one letter off for each plain word, when that finds something.
  async function offerTypos(current, mine) {
    const words = current.q.split(/\s+/);
    if (!words.every((word) => /^[+-]?[\p{L}\p{N}]+$/u.test(word))) return; // field, wildcard or fuzzy syntax: as asked
    const fuzzy = words.map((word) => (word.replace(/^[+-]/, "").length >= 4 ? `${word}~1` : word)).join(" ");
    if (fuzzy === current.q) return;
    const found = await index.search(fold(fuzzy)).catch(() => []);
    if (mine !== generation || !found.length) return;
    const link = document.createElement("a");
    link.href = addressOf({ ...current, q: fuzzy });
    link.textContent = `“${fuzzy}”`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      go({ ...current, q: fuzzy });
    });
    suggestion.append("With one letter off, ", link, ` matches ${found.length} document${found.length === 1 ? "" : "s"}.`);
  }

  // The results, as CSV or JSON (search-result.js), a download that works from disk too.
  function offerDownloads(matching) {
    downloads.hidden = false;
    for (const button of downloads.querySelectorAll("button")) {
      button.onclick = async () => {
        button.disabled = true;
        const listings = await Promise.all(matching.map((result) => index.listing(result.ref)));
        download(listings, state.q, button.dataset.format);
        button.disabled = false;
      };
    }
  }

  // A page of results at a time, each loading only its own listing: a word found in thousands
  // of documents must not freeze the page, nor load them all.
  // mine: the search this is for; false, and nothing shown, once a newer one has begun.
  // shown: the page is on screen already (the best results, shown first).
  async function showResults(matching, from, current, mine, shown = false) {
    if (!shown) {
      const page = matching.slice(from, from + RESULTS_AT_ONCE);
      const listings = await Promise.all(page.map((result) => index.listing(result.ref)));
      if (mine !== generation) return false;
      page.forEach((result, position) => results.append(resultItem(listings[position], Object.keys(result.matchData.metadata), current)));
    }
    document.getElementById("search-more")?.remove();
    const rest = matching.length - from - RESULTS_AT_ONCE;
    if (rest > 0) {
      const more = document.createElement("button");
      more.id = "search-more";
      more.type = "button";
      more.textContent = `Show ${Math.min(rest, RESULTS_AT_ONCE)} more of ${rest}`;
      more.addEventListener("click", async () => {
        const before = results.children.length;
        if (!(await showResults(matching, from + RESULTS_AT_ONCE, current, mine))) return;
        results.children[before].querySelector("a").focus(); // keyboard readers go on where they were
      });
      results.after(more);
    }
    return true;
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

  show(state);
  if (!state.q) box.focus();
  search();
})();
