// What a search result shows (search.js lists them): its title and the paragraph that matches
// best, a snippet of it with the query's words marked, and a link to that paragraph; and the
// results as a file to download. Built as DOM nodes with textContent, never as HTML strings, so no document
// text can become markup.
"use strict";

window.dossierSearchResult = (function () {
  const SNIPPET_LENGTH = 220;

  // ё is е to the stemmer that built the index (see dossier/search_terms.py): fold queries alike.
  const fold = (text) => text.replace(/ё/g, "е").replace(/Ё/g, "Е");

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

  // A result opens its document at the paragraph that matches, the query's words marked there
  // (site.js marks them, from the address's ?q=).
  function resultItem(listing, terms, current) {
    const isMatch = matcher(terms);
    const position = bestParagraph(listing.paragraphs, isMatch);
    const item = document.createElement("li");
    const heading = document.createElement("a");
    heading.href = `${listing.url}?${new URLSearchParams({ q: current.q })}#p${position + 1}`;
    heading.className = "result-link";
    heading.append(highlighted(listing.title, isMatch));
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = [listing.date || "Undated", ...listing.themes, listing.outlet].filter(Boolean).join(" · ");
    const text = document.createElement("p");
    text.className = "snippet";
    text.append(highlighted(snippet(listing.paragraphs[position] || "", isMatch), isMatch));
    item.append(heading, meta, text);
    return item;
  }

  function csv(rows) {
    // A cell a spreadsheet would read as a formula starts with a quote mark instead.
    const cell = (value) => {
      const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const lines = rows.map((row) => [row.title, row.date, row.themes.join("; "), row.outlet, row.url].map(cell).join(","));
    return `${["title,date,themes,outlet,url", ...lines].join("\r\n")}\r\n`;
  }

  // The results whose listings are given, as CSV or JSON (kind): title, date, themes, outlet
  // and address of each, in order, saved by the browser as search-results.csv or .json.
  function download(listings, query, kind) {
    const rows = listings.map((listing) => ({
      title: listing.title,
      date: listing.date || "",
      themes: listing.themes,
      outlet: listing.outlet || "",
      url: new URL(listing.url, window.location.href).href,
    }));
    const text = kind === "csv" ? csv(rows) : `${JSON.stringify({ query, results: rows }, null, 2)}\n`;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: kind === "csv" ? "text/csv" : "application/json" }));
    link.download = `search-results.${kind}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  return { fold, resultItem, download };
})();
