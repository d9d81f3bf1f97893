"""JSON bodies hold text PostgreSQL can store, or are refused with 400.

JSON may spell a lone surrogate (``"\\ud800"``), which Python keeps but which is not UTF-8: saving it
would fail in the database driver (a 500). NUL characters are refused by DRF's and Django's
CharFields already (a field error); innocore.input_guard does the same for forms and query strings.
"""
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class PortalJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not _is_storable(data):
            raise ParseError(_("The request body holds text that is not valid Unicode (a lone surrogate)."))
        return data


def _is_storable(value) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_is_storable(key) and _is_storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_is_storable(item) for item in value)
    return True
