"""The build, as a recipe: ingest seeds, load the curated documents, render, write.

Stages compute; ingest writes content/ and the writer writes site/, nothing else touches disk.
A SiteBuilder can build again and again (`serve` does): it keeps what an earlier build read
and rendered, and redoes only the work whose inputs changed.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from dossier.assets import Assets, template_assets
from dossier.browser_libraries import browser_libraries
from dossier.classify import classify
from dossier.config import Config, Entity, load_config
from dossier.content import ContentStamps, ParsedFiles, content_stamps, read_documents
from dossier.duplicates import Duplicates, DuplicatesReport
from dossier.entities import find_entities
from dossier.export import DossierJson
from dossier.ingest import IngestReport, ingest
from dossier.link import Related, relate, word_counts
from dossier.model import Document, DossierError
from dossier.offline_zip import write_zip
from dossier.photos import publish_photos
from dossier.render import RenderCache, render_site
from dossier.search_index import SearchIndex, index_entries
from dossier.workers import Workers
from dossier.write import SiteFiles, StagedSite, write_site

TOOL_DIR = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = TOOL_DIR / "templates"
# Content files a worker process reads at once: small enough that this process, which reads
# chunks from the other end, need not wait long for the workers' last ones.
LOAD_CHUNK = 100
# Fewer files than this to parse are parsed in this process: the workers' start, and their
# first chunks queued before they run, cost more than they save (1,000 files: 0.5 s of work).
# Workers started already (the CLI starts them for a dossier of many seeds; serve keeps them)
# cost nothing to start: a few chunks are worth sharing with them.
LOAD_IN_WORKERS_FROM = 2000
LOAD_IN_STARTED_WORKERS_FROM = 3 * LOAD_CHUNK


@dataclass(frozen=True)
class BuildOptions:
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = DEFAULT_TEMPLATES


@dataclass
class BuildReport:
    ingest: IngestReport
    documents: int = 0
    problems: list[DossierError] = field(default_factory=list)  # content files skipped
    seconds: float = 0.0
    rendered: int = 0  # pages rendered anew, not taken from an earlier build of this process
    changed: list[str] = field(default_factory=list)  # site files added or changed since the last build
    deleted: list[str] = field(default_factory=list)  # site files the last build had and this one has not
    duplicates: DuplicatesReport = field(default_factory=DuplicatesReport)

    @property
    def skipped_anything(self) -> bool:
        return bool(self.ingest.problems or self.problems)


def build(options: BuildOptions, workers: Workers | None = None) -> BuildReport:
    """Build the site into options.out; raises DossierError (the old site untouched) when it can't
    be made. workers: the worker processes to use (and close), when started already."""
    with SiteBuilder(options, workers=workers) as builder:
        return builder.build()


def build_zip(options: BuildOptions, zip_path: Path, workers: Workers | None = None) -> BuildReport:
    """Build the site into an offline zip; the site folder is left as it is."""
    with SiteBuilder(options, workers=workers) as builder:
        files, report = builder.make_site()
    write_zip(files, zip_path)
    return report


class SiteBuilder:
    def __init__(self, options: BuildOptions, incremental: bool = False, workers: Workers | None = None):
        """incremental: build again and again (serve), keeping what each build made for the next.
        workers: the worker processes, when started already; the builder closes them."""
        self.options = options
        self.incremental = incremental
        self.render_cache = RenderCache(keep=incremental)
        self._word_counts: dict[tuple[str, str], Counter] = {}
        self.search_index = SearchIndex()
        self.duplicates = Duplicates()
        self.dossier_json = DossierJson()
        self.workers = workers or Workers()
        self.documents: dict[str, tuple[tuple | None, Document]] = {}  # content file -> (its stamp, parsed)
        self._parsed_with: tuple[Entity, ...] = ()  # the entities whose mentions the parsed bodies link
        self.files: dict[str, bytes] = {}  # what the last build wrote
        self._analysed: dict[int, Document] = {}  # the documents the last build classified and named
        self._analysed_with = ""  # the themes and names they were analysed with
        self._related: dict[str, list[Related]] = {}  # document id -> its related, as last worked out

    def __enter__(self) -> SiteBuilder:
        return self

    def __exit__(self, *exception) -> None:
        self.workers.close()

    def build(self) -> BuildReport:
        """Build into options.out, each page written as soon as it is rendered (in the worker
        processes, when they run), so the pages are not all held in memory: 200 MB at 10,000."""
        with StagedSite(self.options.out, self.workers) as site:
            report = self.make_site_into(site)
            site.publish()
        return report

    def note_changes(self, files: dict[str, bytes], report: BuildReport) -> None:
        """Note in the report which files differ from what the last build wrote."""
        report.changed = sorted(path for path, data in files.items() if self.files.get(path) != data)
        report.deleted = sorted(set(self.files) - set(files))

    def write(self, files: dict[str, bytes]) -> None:
        """Swap the new site in whole."""
        write_site(files, self.options.out, previous=self.files)
        self.files = files

    def make_site(
        self, relate_documents: bool = True, content_listed: ContentStamps | None = None
    ) -> tuple[dict[str, bytes], BuildReport]:
        """Every file of the site, as {path in the site: bytes}, and what the build met on the way."""
        files: dict[str, bytes] = {}
        return files, self.make_site_into(files, relate_documents, content_listed)

    def make_site_into(
        self, output: SiteFiles, relate_documents: bool = True, content_listed: ContentStamps | None = None
    ) -> BuildReport:
        """Put every file of the site into output, as {path in the site: bytes}; report what the
        build met on the way. relate_documents=False: each document keeps the related documents
        the last build found (serve shows an edit first, then relates: 1 s at 10,000).
        content_listed: the content files and their stamps (content_stamps), as the caller listed
        them a moment ago (serve, to see what changed): not listed again, unless ingestion wrote
        or removed any (10,000 files: 0.15-0.2 s)."""
        options = self.options
        started = time.perf_counter()
        options.content.mkdir(parents=True, exist_ok=True)
        # 1. Clean the raw seeds into the curated layer, sparing people's edits. The curator's config
        # is read first: each content file written comes back parsed, the config's names linked (a
        # config file not there yet is read from the default that ingestion installs).
        config = load_config(options.content)
        report = BuildReport(ingest=ingest(options.seeds, options.content, config.entities, self.workers))
        # 2. Read every curated document, ingested or written by hand.
        gc.unfreeze()  # what the last build of serve froze may be garbage by now
        listed = None if report.ingest.touched else content_listed
        documents = self.load_documents(config.entities, report.problems, report.ingest.parsed, listed)
        # The same text from two places is one document with every source; near-copies are versions.
        documents, report.duplicates = self.duplicates.merge(documents)
        # The documents and config live as long as the build: the collector need not walk them
        # again at every full collection (10,000 documents: 1.4 s -> 0.7 s of collections).
        gc.freeze()
        # 3. Group by theme, find the people and organisations named (relating documents waits for step 4).
        unanalysed = self.unanalysed(documents, config)
        classify(unanalysed, config.themes, report.problems)
        find_entities(unanalysed, config.entities)
        theme_titles, entity_names = {t.id: t.title for t in config.themes}, {e.id: e.name for e in config.entities}
        # 4. Start prebuilding the search index that lunr.js loads in the reader's browser: its
        # shards build in other processes while this one relates documents and renders pages.
        entries = index_entries(documents, theme_titles, entity_names)
        search_index = self.search_index.start(entries, self.workers)
        if relate_documents:
            relate(documents, theme_titles, entity_names, self.word_counts())
            self._related = {document.id: document.related for document in documents}
        else:
            self._relate_as_before(documents)
        # 5. Render the pages and the machine-readable dossier; the stylesheet, the scripts and the
        # index's shards are published under names that carry their hash.
        assets = Assets(template_assets(options.templates) | browser_libraries())
        report.problems += publish_photos(documents, options.seeds, assets)
        render_site(
            documents, config, options.templates, options.seeds, assets, search_index, output, self.render_cache
        )
        output["dossier.json"] = self.dossier_json.encode(documents, config)
        report.documents = len(documents)
        report.rendered = len(self.render_cache.rendered)
        report.seconds = time.perf_counter() - started
        return report

    def _relate_as_before(self, documents: list[Document]) -> None:
        """Each document's related documents as the last build that related them found them, but
        for those gone since."""
        present = {document.id for document in documents}
        for document in documents:
            document.related = [related for related in self._related.get(document.id, []) if related.id in present]

    def word_counts(self) -> Callable[[str, str], Counter]:
        """link.word_counts, kept between the builds of serve by the text counted: after an edit,
        only the edited document's words are counted again."""
        if not self.incremental:
            return word_counts
        known, self._word_counts = self._word_counts, {}

        def counts(title: str, text: str) -> Counter:
            key = (title, text)
            if key not in self._word_counts:
                self._word_counts[key] = known[key] if key in known else word_counts(title, text)
            return self._word_counts[key]

        return counts

    def unanalysed(self, documents: list[Document], config: Config) -> list[Document]:
        """The documents whose themes and names must be worked out: every one when the themes or
        names changed; otherwise those parsed anew, and those with themes set by hand (whose
        problems every build reports). The others keep what the last build found."""
        analysed_with = repr((config.themes, config.entities))
        known = self._analysed if analysed_with == self._analysed_with else {}
        self._analysed = {id(document): document for document in documents}  # held, so no id is reused
        self._analysed_with = analysed_with
        return [d for d in documents if known.get(id(d)) is not d or d.themes]

    def load_documents(
        self,
        entities: tuple[Entity, ...],
        problems: list[DossierError],
        ingested: ParsedFiles | None = None,
        listed: ContentStamps | None = None,
    ) -> list[Document]:
        """Every readable content file; a bad one is reported and the rest go on. ingested: the files
        ingestion wrote, parsed with these entities (IngestReport.parsed), not to be read again;
        listed: the content files with their stamps, when the caller has just listed them."""
        content_dir = self.options.content
        listed = content_stamps(content_dir) if listed is None else listed
        prefix = len(str(content_dir)) + 1  # the files' names in content/: their paths, less the folder's
        files = {str(path)[prefix:].replace(os.sep, "/"): path for path in listed}
        stamps = {relative: listed[path] for relative, path in files.items()}
        parsed = self._parse(files, stamps, entities, ingested or {})
        documents: dict[str, Document] = {}
        for relative, path in files.items():
            document = parsed[relative][1]
            if isinstance(document, DossierError):
                problems.append(document)
                continue
            if document.id in documents:
                first = documents[document.id].path
                problems.append(DossierError(path, f"id {document.id!r} is already used by {first}; skipped"))
                continue
            documents[document.id] = document
        return sorted(documents.values(), key=lambda document: document.id)

    def _parse(
        self, files: dict[str, Path], stamps: dict[str, tuple], entities: tuple[Entity, ...], ingested: ParsedFiles
    ) -> ParsedFiles:
        """{content file: (its stamp, its document or what is wrong with it)}. A file unchanged since
        the last build or since ingestion wrote it (the same file_stamp), the entities too, is not
        parsed again; the others are parsed in the worker processes when there are many."""
        known = (self.documents if self._parsed_with == entities else {}) | ingested
        fresh = [relative for relative, stamp in stamps.items() if relative not in known or known[relative][0] != stamp]
        enough = LOAD_IN_STARTED_WORKERS_FROM if self.workers.started else LOAD_IN_WORKERS_FROM
        chunk = LOAD_CHUNK if len(fresh) >= enough else len(fresh)
        read = self.workers.map(partial(read_documents, entities=entities), [(files[r], r) for r in fresh], chunk)
        parsed = {relative: known.get(relative) for relative in files} | {
            relative: (stamps[relative], document) for relative, document in zip(fresh, read, strict=True)
        }
        self.documents = {relative: kept for relative, kept in parsed.items() if isinstance(kept[1], Document)}
        self._parsed_with = entities
        return parsed


def load_documents(content_dir: Path, problems: list[DossierError]) -> list[Document]:
    """Every readable content file of a folder, parsed afresh (for tools and benchmarks)."""
    with SiteBuilder(BuildOptions(content=content_dir)) as builder:
        return builder.load_documents(load_config(content_dir).entities, problems)
