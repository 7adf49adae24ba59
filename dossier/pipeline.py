"""The build, as a recipe: ingest seeds, read the curated documents, work out what they say,
lay out and render the pages, write the site.

Each stage is a function of its inputs: documents in, new documents (or pages, or files)
out. Only ingestion writes content/, and only the writer writes the site. Speed comes from
one place, the memo (memo.py): each stage's work on an item is kept under a digest of what
it is made of, so a second build, `build` or `serve`'s, redoes only what an edit touched.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

from dossier.assets import Assets, template_assets
from dossier.browser_libraries import SEARCH_LIBRARIES, browser_libraries
from dossier.classify import classify
from dossier.config import load_config
from dossier.content import read_content
from dossier.duplicates import DuplicatesReport, merge_copies
from dossier.entities import name_documents
from dossier.export import dossier_json
from dossier.ingest import IngestReport, ingest
from dossier.link import relate
from dossier.lock import writing
from dossier.memo import DEFAULT_FOLDER, Memo
from dossier.model import DossierError
from dossier.name_forms import with_forms
from dossier.offline_zip import refuse_overwriting, write_zip
from dossier.pages import search_page, shown_themes, site_pages, theme_colors
from dossier.photos import publish_photos
from dossier.project import DEFAULT_TEMPLATES, template_folders
from dossier.raw_source import seed_texts
from dossier.render import render_site, site_frame
from dossier.search_index import start_search_index
from dossier.write import StagedSite

SITE_MANIFEST = "site-files.json"


@dataclass(frozen=True)
class BuildOptions:
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = DEFAULT_TEMPLATES

    def refuse_overlapping(self) -> None:
        """Input and output folders that overlap either way lose work: a content folder inside
        the site is deleted by the site's swap, a site inside seeds/ is ingested as seeds on the
        next build, content/ inside seeds/ writes into seeds/. Raises DossierError, before
        anything is written."""
        folders = {"--seeds": self.seeds, "--content": self.content, "--out": self.out}
        resolved = {option: path.resolve() for option, path in folders.items()}
        pairs = [("--content", "--out"), ("--seeds", "--out"), ("--content", "--seeds")]
        for first, second in pairs:
            inner, outer = resolved[first], resolved[second]
            if inner == outer or inner.is_relative_to(outer) or outer.is_relative_to(inner):
                relation = "is" if inner == outer else "is inside" if inner.is_relative_to(outer) else "holds"
                raise DossierError(
                    folders[first], f"{first} {relation} {second} {folders[second]}; give folders that do not overlap"
                )

    @property
    def memo_folder(self) -> Path:
        """Where the memo is kept between builds: beside the content folder, as git-ignored as site/."""
        return self.content.absolute().parent / DEFAULT_FOLDER


@dataclass
class BuildReport:
    ingest: IngestReport
    documents: int = 0
    problems: list[DossierError] = field(default_factory=list)  # content files skipped, themes unknown, photos
    seconds: float = 0.0
    rendered: int = 0  # pages rendered anew, not the memo's
    duplicates: DuplicatesReport = field(default_factory=DuplicatesReport)

    @property
    def skipped_anything(self) -> bool:
        return bool(self.ingest.problems or self.problems)


def make_site(options: BuildOptions, memo: Memo) -> tuple[dict[str, bytes], BuildReport]:
    """Every file of the site, as {path in the site: bytes}, and what the build met on the way."""
    started = time.perf_counter()
    options.content.mkdir(parents=True, exist_ok=True)
    # 1. Clean the raw seeds into the curated layer, sparing people's edits. The curator's config
    # is read first (from the defaults ingestion installs, for a new content folder): the names
    # in each file written are found as it is cleaned.
    config = with_forms(load_config(options.content), memo)
    report = BuildReport(ingest=ingest(options.seeds, options.content, memo, config.entities))
    # 2. Read every curated document, ingested or written by hand.
    documents, report.problems = read_content(options.content, memo)
    # 3. Parse each body, and find the people and organisations it names.
    documents = name_documents(documents, config.entities, memo)
    # 4. The same text from two places is one document with every source; near-copies are versions.
    documents, report.duplicates = merge_copies(documents, memo)
    # 5. Group by theme.
    documents, unknown_themes = classify(documents, config.themes, memo)
    # 6. The search index: the workers find each document's terms while this process goes on.
    theme_titles = {theme.id: theme.title for theme in config.themes}
    entity_names = {entity.id: entity.name for entity in config.entities}
    start_pieces = start_search_index(documents, theme_titles, entity_names, memo)
    # 7. Relate each document to the few a reader should see next, and why.
    documents = relate(documents, theme_titles, entity_names, memo)
    # The terms found, a worker puts the index's pieces together while the pages are made.
    collect_index = start_pieces()
    # 8. Stylesheets, scripts and photos are published under names that carry their hash.
    templates = template_folders(options.templates)
    assets = Assets(template_assets(templates) | browser_libraries())
    documents, photo_problems = publish_photos(documents, options.seeds, assets)
    report.problems += unknown_themes + photo_problems
    # 9. Lay out every page and render it; the search page once its index is built.
    frame = site_frame(config, shown_themes(documents, config), theme_colors(config), dict(assets.published), templates)
    pages, collisions = site_pages(documents, config, seed_texts(options.seeds, documents, memo))
    report.problems += collisions
    files = render_site(pages, frame, memo)
    index = collect_index()
    files |= render_site([search_page(documents, list(SEARCH_LIBRARIES), index.head)], frame, memo)
    files |= assets.files | index.files
    # 10. The whole dossier, machine-readable.
    files["dossier.json"] = dossier_json(documents, config, memo)
    report.documents = len(documents)
    report.rendered = memo.made.get("pages", 0)
    report.seconds = time.perf_counter() - started
    return files, report


def build(options: BuildOptions) -> BuildReport:
    """Build the site into options.out, swapped in whole; raises DossierError (the old site
    untouched) when it can't be made."""
    options.refuse_overlapping()
    with writing(options.out, options.content), Memo(options.memo_folder) as memo:
        files, report = make_site(options, memo)
        publish(files, options.out, memo)
    return report


def publish(files: dict[str, bytes], out: Path, memo: Memo) -> None:
    """Write the site and swap it in whole, the memo saved meanwhile: the workers write while
    this process saves it (what it keeps holds whether or not the site is published). The
    manifest of what the site's files hold is kept beside the memo: as safe to delete."""
    manifest = memo.folder / SITE_MANIFEST if memo.folder else None
    with StagedSite(out, memo.workers, manifest) as site:
        for path, data in files.items():
            site[path] = data
        memo.save()
        site.publish()


def build_zip(options: BuildOptions, zip_path: Path) -> BuildReport:
    """Build the site into an offline zip; the site folder is left as it is."""
    dataclasses.replace(options, out=zip_path).refuse_overlapping()
    refuse_overwriting(zip_path)
    with writing(zip_path, options.content), Memo(options.memo_folder) as memo:
        files, report = make_site(options, memo)
        write_zip(files, zip_path)
        memo.save()
    return report
