"""Forms read from a page's HTML and hostile submissions for them: the tools of tests/test_fuzz_forms.py."""
import re
import secrets
import traceback
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import quote_plus

from django.test import Client
from hypothesis import strategies as st

from tests.applications.documents import pdfs
from tests.applications.dossiers import simple_pdf

POISON = ["\x00", "a\x00b", "\ud800", "x\udfffy", "%00"]
"""Refused as a whole by innocore/input_guard.py (400): one is put in only some of the submissions."""
HOSTILE = [
    "", " ", "\ufeff", "\u202e", "\r\n\r\n", "😀" * 40,
    "D" * 70_000,
    "-1", "0", "-0", "1.5", "1e309", "NaN", "Infinity", "99999999999999999999", str(2**63), str(-(2**63) - 1),
    "0x10", "١٢٣", "true", "null", "[]", "{}", '{"a": 1}',
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "{{ 7*7 }}", "{% debug %}",
    "' OR '1'='1", "1; DROP TABLE applications_application; --", "%s%s%s%n", "../../etc/passwd",
    "0000-00-00", "2023-02-30", "9999-12-31", "0001-01-01", "10000-01-01", "-2023-01-01", "2023-13-01T25:61",
    "a@b", "x" * 250 + "@example.org", "@", "user@[127.0.0.1]", "user@" + "d" * 300 + ".org",
]
LENGTHS = [15, 16, 17, 24, 25, 31, 32, 33, 63, 64, 65, 100, 101, 150, 151, 200, 201, 250, 255, 256, 300, 301, 999,
           1000, 1001, 3001, 4001, 20001]
"""Around the usual column and form limits: a value one longer than its column is a DataError on PostgreSQL."""
OVERFLOW_LENGTHS = [300]
INPUT = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'(?<![\w-])(name|value|type)="([^"]*)"', re.IGNORECASE)  # not data-field-name=
OPTION = re.compile(r'<option\b[^>]*(?<![\w-])value="([^"]*)"', re.IGNORECASE)
SKIPPED_NAMES = {"csrfmiddlewaretoken", "language", "next"}
PLAUSIBLE = {
    "text": ["Ada Lovelace", "machine learning, robotics"],
    "textarea": ["Another paper, 2021.\nA paper. 2023. doi:10.1000/xyz", "Reasoning in language models."],
    "email": ["someone@uni.example", "Referee.Two@Uni.Example"],
    "number": ["1", "2", "3", "12"],
    "date": ["2020-01-31", "2019-06-01"],
    "password": ["correct horse battery staple 42"],
    "checkbox": ["on"],
    "radio": [],
    "hidden": [],
    "submit": [""],
    "button": [""],
    "select": [],
}


@dataclass
class Form:
    """A form found on a page: its fields and the values the page itself offers for them."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    hidden: set[str] = field(default_factory=set)  # mostly sent as the page set them, or little gets past them
    buttons: set[str] = field(default_factory=set)
    valid: dict[str, list[str]] = field(default_factory=dict)  # the values of a submission known to be accepted

    def prefer(self, pairs) -> None:
        """Base the submissions on one known to be accepted, so that a hostile value is the only thing wrong."""
        for name, value in pairs:
            self.valid.setdefault(name, []).append(value)
            known = self.fields.setdefault(name, [])
            if value in known:
                known.remove(value)
            known.insert(0, value)


def form_on(html: str, *, extra_fields: dict[str, list[str]]) -> Form:
    form = Form()
    for tag, attributes in INPUT.findall(html):
        found = {key.lower(): unescape(value) for key, value in ATTRIBUTE.findall(attributes)}
        name = found.get("name")
        if not name or name in SKIPPED_NAMES:
            continue
        if found.get("type") == "file":
            form.files.append(name)
            continue
        form.fields.setdefault(name, [])
        if found.get("type") == "hidden" and found.get("value"):
            form.hidden.add(name)
        if tag.lower() == "button" or found.get("type") == "submit":
            form.buttons.add(name)
        if "value" in found:
            form.fields[name].append(found["value"])
        form.fields[name].extend(PLAUSIBLE.get(found.get("type", tag.lower()), PLAUSIBLE["text"]))
    for name, _values in list(form.fields.items()):
        select = re.search(rf'<select\b[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.DOTALL)
        if select:
            form.fields[name].extend(unescape(value) for value in OPTION.findall(select.group(1)))
    for name, values in extra_fields.items():
        form.fields.setdefault(name, []).extend(values)
    return form


TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.IGNORECASE | re.DOTALL)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.IGNORECASE | re.DOTALL)
OPTION_TAG = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)
ERRORS = re.compile(r'class="[^"]*errorlist[^"]*"[^>]*>(.*?)</ul>|class="[^"]*(?:alert|error)[^"]*"[^>]*>([^<]*)<',
                    re.DOTALL)
UNSENT_TYPES = {"file", "submit", "button", "reset", "image"}


def as_a_browser_sends(html: str) -> list[tuple[str, str]]:
    """The page's forms sent unchanged: values as shown, checked boxes only, the selected (or first) option."""
    pairs = []
    for tag, attributes in INPUT.findall(html):
        found = {key.lower(): unescape(value) for key, value in ATTRIBUTE.findall(attributes)}
        kind, name = found.get("type", "text").lower(), found.get("name")
        if tag.lower() != "input" or not name or name in SKIPPED_NAMES or kind in UNSENT_TYPES:
            continue
        if kind in {"checkbox", "radio"} and not re.search(r"\bchecked\b", attributes):
            continue
        pairs.append((name, found.get("value", "on" if kind in {"checkbox", "radio"} else "")))
    for attributes, text in TEXTAREA.findall(html):
        name = {k.lower(): v for k, v in ATTRIBUTE.findall(attributes)}.get("name")
        if name and name not in SKIPPED_NAMES:
            pairs.append((name, unescape(text.removeprefix("\n"))))
    for attributes, options in SELECT.findall(html):
        name = {k.lower(): v for k, v in ATTRIBUTE.findall(attributes)}.get("name")
        tags = OPTION_TAG.findall(options)
        if not name or name in SKIPPED_NAMES or not tags:
            continue
        chosen = [t for t in tags if re.search(r"\bselected\b", t)] or ([] if "multiple" in attributes else tags[:1])
        for option in chosen:
            value = re.search(r'(?<![\w-])value="([^"]*)"', option)
            pairs.append((name, unescape(value.group(1)) if value else ""))
    return pairs


def longer(known: list[str]) -> st.SearchStrategy[str]:
    """A plausible value made too long: the way a DOI, a name or a keyword list overflows its column."""
    return st.builds(lambda value, length: value + "x" * length, st.sampled_from(known or [""]),
                     st.sampled_from(LENGTHS))


def hostile(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        longer(known),
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


@st.composite
def submissions(draw, form: Form):
    """Pairs (name, value) in a random order.

    Mostly one field gets a hostile value and the others those of the accepted submission or other
    plausible ones (so that the hostile value gets past the other checks and reaches the database);
    sometimes every field is random, a field left out or sent twice, an unknown field added, or a NUL
    put in somewhere.
    """
    targets = [name for name in form.fields if name not in form.hidden | form.buttons] or list(form.fields)
    chaos = draw(st.integers(0, 3)) == 0
    target = None if chaos or not targets else draw(st.sampled_from(targets))
    pairs = []
    for name, known in form.fields.items():
        if name in form.hidden and draw(st.integers(0, 9)) > 1:
            pairs.append((name, known[0]))
        elif name == target:
            pairs.append((name, draw(hostile(known))))
        elif not chaos and name in form.valid and draw(st.integers(0, 4)):
            pairs.extend((name, value) for value in form.valid[name])
        elif not chaos and known:
            if draw(st.integers(0, 9)):
                pairs.append((name, draw(st.sampled_from(known))))
        else:
            count = draw(st.sampled_from([0, 1, 1, 1, 2]))
            pairs.extend((name, draw(st.one_of(st.sampled_from(known or [""]), hostile(known)))) for _ in range(count))
    if chaos and draw(st.booleans()):
        pairs.append((draw(st.sampled_from(HOSTILE)), draw(st.sampled_from(HOSTILE))))
    if draw(st.integers(0, 5)) == 0:
        pairs.append((draw(st.sampled_from([*form.fields, "x"])), draw(st.sampled_from(POISON))))
    return draw(st.permutations(pairs))


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


def urlencoded(pairs) -> bytes:
    return "&".join(f"{quote_plus(_bytes(name))}={quote_plus(_bytes(value))}" for name, value in pairs).encode()


def multipart(pairs, files=()) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in pairs:
        header = f'Content-Disposition: form-data; name="{name}"'
        parts.append(_bytes(header) + b"\r\n\r\n" + _bytes(value))
    for name, filename, data in files:
        header = (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  "Content-Type: application/pdf")
        parts.append(_bytes(header) + b"\r\n\r\n" + data)
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary.encode() + b"--\r\n", f"multipart/form-data; boundary={boundary}"


UPLOADS = st.one_of(
    st.just(simple_pdf()),  # mostly a good file, so that the other fields' values are what is wrong
    st.sampled_from([b"", pdfs.valid_pdf(), pdfs.valid_pdf() + pdfs.html_page(), pdfs.truncated_pdf(),
                     pdfs.encrypted_pdf(), pdfs.pdf_with_javascript(), b"%PDF-1.7\n" + b"\x00" * 500 + b"\n%%EOF"]),
    st.binary(max_size=300),
)


def post(client: Client, url: str, pairs, *, encoding: str, files=(), headers=None):
    if encoding == "multipart" or files:
        body, content_type = multipart(pairs, files)
    else:
        body, content_type = urlencoded(pairs), "application/x-www-form-urlencoded"
    return client.generic("POST", url, body, content_type=content_type, headers=headers or {})


def overflowing(form: Form):
    """First, deterministically: each field in turn made too long for any column, the others plausible."""
    plausible = [(name, known[0]) for name, known in form.fields.items() if known]
    for target, known in form.fields.items():
        if target in form.hidden | form.buttons:
            continue
        for length in OVERFLOW_LENGTHS:
            yield [(name, too_long(value, length) if name == target else value) for name, value in plausible] + (
                [] if known else [(target, "x" * length)])


def too_long(value: str, length: int) -> str:
    """Longer, and still valid where it can be: an email address gets a longer name, not a longer domain."""
    return "x" * length + value if "@" in value else value + "x" * length


def crash(response) -> str:
    """What the 500 was: the exception's type, message and where it was raised."""
    if not getattr(response, "exc_info", None):
        return str(response.status_code)
    frames = traceback.extract_tb(response.exc_info[2])
    ours = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in frames if ".venv" not in frame.filename]
    last = frames[-1]
    kind, error = response.exc_info[0].__name__, str(response.exc_info[1])[:300]
    return f"{kind}: {error} at {ours[-3:]} ... {last.filename}:{last.lineno}"


def query(pairs) -> str:
    return "&".join(f"{quote_plus(_bytes(name))}={quote_plus(_bytes(value))}" for name, value in pairs)
