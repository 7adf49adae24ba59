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
  // Documents best() scores first: enough for a page of results and the ties around it.
  const BEST_BATCH = 100;
  let vocabulary = null; // the token set of every term, for the few queries that need it

  // A piece's file: facets-3.<hash>.js and the like, under the hash the head gives it; a term
  // chunk's, terms.<hash>.js; a document's listing under its number.
  function file(kind, number) {
    if (kind === "document") return `${head.documentsFolder}/${number}.js`;
    if (kind === "terms") return `${head.folder}/terms.${head.hashes.terms[number]}.js`;
    return `${head.folder}/${kind}-${number}.${head.hashes[kind][number]}.js`;
  }

  // A term chunk hands over its data under its first term (its place changes when an edit adds
  // a chunk before it; its file does not), every other piece under its number.
  function piece(kind, number) {
    return load(kind, kind === "terms" ? head.chunks[number] : number, file(kind, number));
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

  const reaches = (reach, term) => reach.exact.has(term) || reach.prefixes.some((prefix) => term.startsWith(prefix));

  // The reached terms of the chunks, each with its number and, field by field, its documents
  // and their weights in thousandths: lunr.py's BM25, worked out here as its Builder works it
  // out, operation by operation, from the term's IDF, its count in the field and the field's
  // length (the chunks hold those: a weight itself would change with every edit, through the
  // average lengths in the head).
  function reachedTerms(chunks, reach) {
    const { k1, b, boosts, averages } = head.bm25;
    const terms = [];
    for (const chunk of chunks) {
      for (const [term, number, idf, ...fields] of chunk) {
        if (!reaches(reach, term)) continue;
        const postings = fields.map(([field, gaps, counts, lengths]) => {
          const refs = [];
          const weights = [];
          let ref = 0;
          for (let position = 0; position < gaps.length; position++) {
            ref += gaps[position];
            const tf = counts[position];
            let score = (idf * ((k1 + 1) * tf)) / (k1 * (1 - b + b * (lengths[position] / averages[field])) + tf);
            score *= boosts[field];
            refs.push(ref);
            weights.push(thousandths(score));
          }
          return { name: head.fields[field], refs, weights };
        });
        terms.push({ term, number, postings });
      }
    }
    return terms;
  }

  // Python's round(score, 3), as lunr.py rounds a weight, in thousandths: rounding score × 1000
  // differs from it only next to a half, where the score's exact decimal digits decide (half to
  // even), as Python's do.
  function thousandths(score) {
    const scaled = score * 1000;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) return Math.round(scaled);
    const [whole, decimals] = score.toFixed(100).split(".");
    const kept = Number(whole) * 1000 + Number(decimals.slice(0, 3));
    const rest = decimals.slice(3).replace(/0+$/, "");
    if (rest > "5" || (rest === "5" && kept % 2 === 1)) return kept + 1;
    return kept;
  }

  // The index lunr.js would load, with the terms the query reaches alone (the others would
  // not change a score, only cost time), and, when `only` (a set of refs) is given, those
  // documents alone. A query of excluded terms alone starts from every document, so it gets a
  // (mostly empty) vector for each.
  function assembled(terms, negated, only = null) {
    const invertedIndex = [];
    const vectors = new Map();
    for (const { term, number, postings } of terms) {
      const posting = { _index: number };
      for (const field of head.fields) posting[field] = {};
      for (const { name, refs, weights } of postings) {
        refs.forEach((ref, position) => {
          if (only && !only.has(ref)) return;
          posting[name][ref] = {};
          const fieldRef = `${name}/${ref}`;
          if (!vectors.has(fieldRef)) vectors.set(fieldRef, []);
          vectors.get(fieldRef).push([number, weights[position] / 1000]);
        });
      }
      invertedIndex.push([term, posting]);
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
    return (await query(text)).all();
  }

  // A query with the chunks of its terms loaded, to answer in two ways: all(), every result,
  // as search(text) gives them; best(count), the first `count` of them, found by scoring as few
  // documents as it takes: {results, complete}, where complete says `results` are all of them
  // (when it took every document, or the query has no words to rank by: only excluded ones).
  //
  // lunr.js scores a document from its own vectors alone, so the best of any set of documents
  // that holds the best of all are the best of all, with the same scores, and equal scores in
  // the same order (lunr.js's: the order it first meets the documents, clause by clause, term
  // by term, field by field, which a subset keeps). No document scores more than the sum of its
  // weights for the terms the query ranks by (in each field, lunr.js's similarity is those
  // weights times the query's boosts, divided by the query vector's length, which no boost
  // exceeds), so documents are scored the most promising first, in batches that double, until
  // no document left could reach the last of the best.
  async function query(text) {
    const parsed = parse(text);
    const reach = { exact: new Set(), prefixes: [], chunks: new Set() };
    const ranking = { exact: new Set(), prefixes: [], chunks: new Set() }; // the terms not excluded
    for (const clause of parsed.clauses) {
      await reachOf(clause, reach);
      if (clause.presence !== lunr.Query.presence.PROHIBITED) await reachOf(clause, ranking);
    }
    const negated = parsed.clauses.every((clause) => clause.presence === lunr.Query.presence.PROHIBITED);
    if (!head.documents) return { all: () => [], best: () => ({ results: [], complete: true }) };
    const chunks = await Promise.all([...reach.chunks].sort((a, b) => a - b).map((chunk) => piece("terms", chunk)));
    const terms = reachedTerms(chunks, reach);
    const all = () => assembled(terms, negated).search(text);
    const best = (count, firstBatch = BEST_BATCH) => {
      if (negated) return { results: all(), complete: true };
      const sums = weightSums(terms.filter(({ term }) => reaches(ranking, term)));
      const order = byWeight(sums);
      for (let scored = Math.min(order.length, firstBatch); ; scored = Math.min(order.length, scored * 2)) {
        const results = assembled(terms, false, new Set(order.slice(0, scored))).search(text);
        if (scored === order.length) return { results, complete: true };
        // A margin for the bound's own rounding: the sum of weights is not added as lunr.js adds.
        const unscored = sums[order[scored]] / 1000;
        if (results.length >= count && results[count - 1].score > unscored * (1 + 1e-9) + 1e-9) {
          return { results: results.slice(0, count), complete: false };
        }
      }
    };
    return { all, best };
  }

  // Each document's sum of weights (in thousandths) for the terms given, by ref; -1 for a
  // document without them (a weight rounds to 0 where a term says next to nothing).
  function weightSums(terms) {
    const sums = new Float64Array(head.documents).fill(-1);
    for (const { postings } of terms) {
      for (const { refs, weights } of postings) {
        refs.forEach((ref, position) => {
          sums[ref] = Math.max(sums[ref], 0) + weights[position];
        });
      }
    }
    return sums;
  }

  // The refs of the documents the terms are in, the largest sum first, the smaller ref first
  // among equal sums. Sorted as numbers in one typed array, each key the sum above the ref (a
  // comparison function over tens of thousands of refs costs tens of milliseconds), unless the
  // keys would be too large to be exact.
  function byWeight(sums) {
    const refs = [];
    let largest = 0;
    sums.forEach((sum, ref) => {
      if (sum < 0) return;
      refs.push(ref);
      largest = Math.max(largest, sum);
    });
    const span = 2 ** Math.ceil(Math.log2(head.documents + 1));
    if ((largest + 1) * span > Number.MAX_SAFE_INTEGER) return refs.sort((a, b) => sums[b] - sums[a] || a - b);
    const keys = Float64Array.from(refs, (ref) => sums[ref] * span + (span - 1 - ref));
    return Array.from(keys.sort().reverse(), (key) => span - 1 - (key % span));
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

  return { search, query, listing, facets, parse };
});
