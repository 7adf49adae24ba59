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
