// The dossier's search index, loaded piece by piece (dossier/search_index.py publishes the
// pieces): for each query, the term chunks its words live in, put back together into an index
// lunr.js loads as it is. lunr.js scores a document by its field vectors' entries for the
// query's terms alone, so the scores are those of the whole index. Used by search.js in the
// page, and by the tests in node: it loads nothing itself, it asks `load(kind, number, file)`.
"use strict";

(function (root, define) {
  if (typeof module === "object" && module.exports) module.exports = define;
  else root.dossierSearchIndex = define;
})(this, function dossierSearchIndex(lunr, head, load) {
  const pipeline = lunr.Pipeline.load(head.pipeline);
  let vocabulary = null; // the token set of every term, for the few queries that need it

  // A piece's file: terms-3.<hash>.js and the like, under the hash the head gives it; a
  // document's listing under its number.
  function file(kind, number) {
    if (kind === "document") return `${head.documentsFolder}/${number}.js`;
    return `${head.folder}/${kind}-${number}.${head.hashes[kind][number]}.js`;
  }

  function piece(kind, number) {
    return load(kind, number, file(kind, number));
  }

  // The chunk a term is in: the last whose first term is not after it (JavaScript compares
  // strings as the build sorted them).
  function chunkOf(term) {
    let low = 0;
    let high = head.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (head.chunks[middle] <= term) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  function parse(text) {
    const query = new lunr.Query(head.fields);
    new lunr.QueryParser(text, query).parse();
    return query;
  }

  // What a clause can reach, noted in `reach` ({exact, prefixes, chunks}): its stemmed term,
  // a prefix's terms, or, for a fuzzy term or a wildcard before its end, the terms the
  // vocabulary has; and the chunks they are in.
  async function reachOf(clause, reach) {
    const terms = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    for (const term of terms) {
      const star = term.indexOf("*");
      if (clause.editDistance || (star !== -1 && star < term.length - 1)) {
        if (!vocabulary) vocabulary = lunr.TokenSet.fromArray(await piece("vocabulary", 0));
        for (const found of vocabulary.intersect(lunr.TokenSet.fromClause({ ...clause, term })).toArray()) {
          reach.exact.add(found);
          reach.chunks.add(chunkOf(found));
        }
      } else if (star !== -1) {
        const prefix = term.slice(0, -1);
        reach.prefixes.push(prefix);
        for (let chunk = chunkOf(prefix); chunk <= chunkOf(`${prefix}\uffff`); chunk++) reach.chunks.add(chunk);
      } else {
        reach.exact.add(term);
        reach.chunks.add(chunkOf(term));
      }
    }
  }

  // The index lunr.js would load, with the terms the query reaches alone (the others would
  // not change a score, only cost time). A query of excluded terms alone starts from every
  // document, so it gets a (mostly empty) vector for each.
  function assembled(chunks, reach, negated) {
    const reached = (term) => reach.exact.has(term) || reach.prefixes.some((prefix) => term.startsWith(prefix));
    const invertedIndex = [];
    const vectors = new Map();
    for (const chunk of chunks) {
      for (const [term, number, ...fields] of chunk) {
        if (!reached(term)) continue;
        const posting = { _index: number };
        for (const field of head.fields) posting[field] = {};
        for (const [field, gaps, weights] of fields) {
          const name = head.fields[field];
          let ref = 0;
          gaps.forEach((gap, position) => {
            ref += gap;
            posting[name][ref] = {};
            const fieldRef = `${name}/${ref}`;
            if (!vectors.has(fieldRef)) vectors.set(fieldRef, []);
            vectors.get(fieldRef).push([number, weights[position] / 1000]);
          });
        }
        invertedIndex.push([term, posting]);
      }
    }
    const fieldRefs = negated ? everyFieldRef() : [...vectors.keys()];
    const fieldVectors = fieldRefs.map((fieldRef) => [
      fieldRef,
      (vectors.get(fieldRef) || []).sort((a, b) => a[0] - b[0]).flat(),
    ]);
    return lunr.Index.load({ version: lunr.version, fields: head.fields, fieldVectors, invertedIndex, pipeline: head.pipeline });
  }

  // In the order the whole index holds them: document by document, field by field.
  function everyFieldRef() {
    const fieldRefs = [];
    for (let ref = 0; ref < head.documents; ref++) {
      for (const field of head.fields) fieldRefs.push(`${field}/${ref}`);
    }
    return fieldRefs;
  }

  // The query's results as lunr.js gives them ({ref, score, matchData}), best first; the
  // query's syntax errors are lunr.QueryParseError, as lunr.js throws them.
  async function search(text) {
    const query = parse(text);
    const reach = { exact: new Set(), prefixes: [], chunks: new Set() };
    for (const clause of query.clauses) await reachOf(clause, reach);
    const negated = query.clauses.every((clause) => clause.presence === lunr.Query.presence.PROHIBITED);
    if (!head.documents) return [];
    const chunks = await Promise.all([...reach.chunks].sort((a, b) => a - b).map((chunk) => piece("terms", chunk)));
    return assembled(chunks, reach, negated).search(text);
  }

  // What a result shows: title, date, themes, outlet, address and paragraphs.
  function listing(ref) {
    return piece("document", Number(ref));
  }

  // Each document's facet values ({date, theme: [...], outlet, tag: [...], name: [...]}, as
  // words), for the refs given, loading only the blocks they fall in.
  async function facets(refs) {
    const blocks = [...new Set(refs.map((ref) => Math.floor(Number(ref) / head.facetBlock)))];
    const [values, ...loaded] = await Promise.all([piece("values", 0), ...blocks.map((block) => piece("facets", block))]);
    const byBlock = new Map(blocks.map((block, position) => [block, loaded[position]]));
    const named = (facet, number) => (number === null ? null : values[facet][number]);
    return new Map(
      refs.map((ref) => {
        const block = byBlock.get(Math.floor(Number(ref) / head.facetBlock));
        const at = Number(ref) % head.facetBlock;
        return [
          ref,
          {
            date: block.date[at],
            outlet: named("outlet", block.outlet[at]),
            theme: block.theme[at].map((number) => named("theme", number)),
            tag: block.tag[at].map((number) => named("tag", number)),
            name: block.name[at].map((number) => named("name", number)),
          },
        ];
      }),
    );
  }

  return { search, listing, facets, parse };
});
