// Every page: "/" puts the cursor in the search box, as on most sites with search.
"use strict";
document.addEventListener("keydown", (event) => {
  const typing = event.target.closest("input, textarea, select, [contenteditable]");
  if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const box = document.getElementById("search-query") || document.getElementById("site-search");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});

// A document opened from a search result (its address has ?q=): the query's words are marked in
// its title and text, and a button clears the marks. Words match as the search matches them, ending
// aside: a word of the text starting with the first letters of a word of the query.
(function markSearchedWords() {
  const article = document.querySelector("article.document");
  const body = article && article.querySelector(".body");
  const query = new URLSearchParams(window.location.search).get("q");
  if (!body || !query) return;
  const fold = (text) => text.toLowerCase().replace(/ё/g, "е");
  const stems = query
    .replace(/\b\w+:/g, " ") // field names (title:) are not words of the text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3)
    .map((word) => fold(word).slice(0, Math.max(3, word.length - 2)));
  if (!stems.length) return;
  const isMatch = (word) => stems.some((stem) => fold(word).startsWith(stem));
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  let marked = 0;
  for (const text of texts) {
    const parts = text.data.split(/([\p{L}\p{N}]+)/u);
    if (!parts.some((part) => part && isMatch(part))) continue;
    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      if (part && isMatch(part)) {
        const mark = document.createElement("mark");
        mark.className = "searched";
        mark.textContent = part;
        fragment.append(mark);
        marked += 1;
      } else if (part) {
        fragment.append(part);
      }
    }
    text.replaceWith(fragment);
  }
  if (!marked) return;
  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "clear-marks";
  clear.textContent = `Clear ${marked} highlight${marked === 1 ? "" : "s"} of “${query}”`;
  clear.addEventListener("click", () => {
    for (const mark of article.querySelectorAll("mark.searched")) mark.replaceWith(mark.textContent);
    article.normalize();
    clear.remove();
    window.history.replaceState(null, "", window.location.pathname + window.location.hash);
  });
  body.before(clear);
})();
