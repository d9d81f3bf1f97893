"""Bounded walks over a parsed PDF: its page tree and everything reachable from its catalog.

pypdf parses lazily, so these walks are also what makes it read (and, in strict mode,
reject) the objects a viewer would use. Both walks use an explicit stack instead of
recursion, remember the indirect objects they have seen (PDF object graphs may contain
cycles: /Parent links, /Next chains), and stop after a fixed amount of work, so a
hostile file can neither loop nor run for long.
"""
from dataclasses import dataclass

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

MAX_OBJECTS_SCANNED = 50_000
"""Indirect objects a scan resolves (about a second of work). A 30-page publication list has a
few thousand; one tagged for accessibility, with its structure tree, perhaps ten thousand."""
MAX_VALUES_SCANNED = 1_000_000
"""Values (numbers, names, array items...) a scan looks at, counting direct ones too."""
MAX_PAGE_TREE_NODES = 10_000

JAVASCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
EMBEDDED_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EF"})


class PageTreeError(ValueError):
    """The page tree loops, is not made of dictionaries, or is absurdly large."""


@dataclass(frozen=True)
class ActiveContentScan:
    javascript: bool
    embedded_files: bool
    complete: bool
    """False when the scan ran out of budget before seeing every reachable object."""


def count_pages(*, pages_root: PdfObject, stop_after: int) -> int:
    """The number of pages under a /Pages node, counting no further than stop_after + 1.

    The catalog's /Count is not trusted: it is only a claim, and pypdf's own page list
    would walk every page of a file with a hundred thousand of them.
    """
    pages = 0
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [pages_root]
    nodes = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                raise PageTreeError("page tree node reached twice")
            seen.add(key)
            node = node.get_object()
        nodes += 1
        if nodes > MAX_PAGE_TREE_NODES:
            raise PageTreeError("page tree too large")
        if not isinstance(node, DictionaryObject):
            raise PageTreeError("page tree node is not a dictionary")
        node_type = _resolved(node.get("/Type"))
        if node_type == "/Page" or (node_type != "/Pages" and "/Kids" not in node):
            pages += 1
            if pages > stop_after:
                return pages
            continue
        kids = _resolved(node.get("/Kids"))
        if not isinstance(kids, ArrayObject):
            raise PageTreeError("/Kids is not an array")
        stack.extend(reversed(kids))
    return pages


def claimed_page_count(*, pages_root: DictionaryObject) -> int | None:
    count = _resolved(pages_root.get("/Count"))
    return int(count) if isinstance(count, int) and count >= 0 else None


def scan_active_content(
    *, root: PdfObject, max_objects: int = MAX_OBJECTS_SCANNED, max_values: int = MAX_VALUES_SCANNED
) -> ActiveContentScan:
    """Look through everything reachable from root for JavaScript and embedded files.

    JavaScript hides in many places (the /Names tree, /OpenAction, page and form-field
    /AA, annotation /A actions, /Next chains of harmless-looking actions), so instead of
    checking each place the scan visits every reachable dictionary and flags:
    a /JS or /JavaScript key, or an action whose /S is /JavaScript; an /EmbeddedFiles
    name tree, a file specification with an /EF entry, a /FileAttachment annotation or
    an /EmbeddedFile stream. Stream data is not decoded.
    """
    javascript = embedded_files = False
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [root]
    objects = values = 0
    while stack:
        if javascript and embedded_files:
            break
        value = stack.pop()
        values += 1
        if values > max_values:
            return ActiveContentScan(javascript=javascript, embedded_files=embedded_files, complete=False)
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            objects += 1
            if objects > max_objects:
                return ActiveContentScan(javascript=javascript, embedded_files=embedded_files, complete=False)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            javascript = javascript or _is_javascript(value)
            embedded_files = embedded_files or _is_embedded_file(value)
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    return ActiveContentScan(javascript=javascript, embedded_files=embedded_files, complete=True)


def _is_javascript(dictionary: DictionaryObject) -> bool:
    return not JAVASCRIPT_KEYS.isdisjoint(dictionary.keys()) or _resolved(dictionary.get("/S")) == "/JavaScript"


def _is_embedded_file(dictionary: DictionaryObject) -> bool:
    return (
        not EMBEDDED_FILE_KEYS.isdisjoint(dictionary.keys())
        or _resolved(dictionary.get("/Subtype")) == "/FileAttachment"
        or _resolved(dictionary.get("/Type")) == "/EmbeddedFile"
    )


def _resolved(value: PdfObject | None) -> PdfObject | None:
    """The value itself, or the object an indirect reference points at (one hop: a name or number)."""
    return value.get_object() if isinstance(value, IndirectObject) else value
