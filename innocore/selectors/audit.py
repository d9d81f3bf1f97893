"""Reading the audit trail: the ministry's search over who did what (django-filter).

Dates are days in the portal's time zone (KST): "from 1 March to 3 March" is every row
from 1 March 00:00 to 3 March 23:59:59 in Seoul, compared on the indexed ``at`` column.
"""
import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time

import django_filters
from django import forms
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from innocore.models import AuditAction, AuditEntry, UserRole

PORTAL_APPS = ("innocore", "applications", "selection")
# Far outside any real row, and far inside what datetime and the databases can convert between time zones.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2999, 12, 31)
SYSTEM_ROLE = "system"
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ALL = gettext_lazy("All")


def target_type_choices() -> list[tuple[str, str]]:
    """Every model of the portal, named in the active language (no query: rows store the model's label)."""
    models = [m for m in apps.get_models() if m._meta.app_label in PORTAL_APPS]
    return sorted(((m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models),
                  key=lambda choice: choice[1])


def actor_role_choices() -> list[tuple[str, str]]:
    return [*UserRole.choices, (SYSTEM_ROLE, _("The portal itself"))]


class AuditFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def _day_field_kwargs() -> dict:
    return {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "validators": [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]}


class AuditEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_text", max_length=200)
    action = django_filters.ChoiceFilter(label=gettext_lazy("Action"), choices=AuditAction.choices, empty_label=ALL)
    actor_role = django_filters.ChoiceFilter(label=gettext_lazy("Role"), choices=actor_role_choices,
                                             method="filter_role", empty_label=ALL)
    call_code = django_filters.CharFilter(label=gettext_lazy("Call"), lookup_expr="iexact", max_length=32)
    target_type = django_filters.ChoiceFilter(label=gettext_lazy("Object type"), choices=target_type_choices,
                                              empty_label=ALL)
    date_from = django_filters.DateFilter(label=pgettext_lazy("date range", "From"), method="filter_from", **_day_field_kwargs())
    date_to = django_filters.DateFilter(label=pgettext_lazy("date range", "To"), method="filter_to", **_day_field_kwargs())

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditFilterForm

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor_label__icontains=value) | Q(target_label__icontains=value) | Q(call_code__icontains=value)
            | Q(reason__icontains=value)
        )

    def filter_role(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == SYSTEM_ROLE:
            return queryset.filter(actor__isnull=True)
        return queryset.filter(actor_role=value)

    def filter_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(at__gte=timezone.make_aware(datetime.combine(value, time.min)))

    def filter_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(at__lte=timezone.make_aware(datetime.combine(value, time.max)))


def audit_entry_list() -> QuerySet[AuditEntry]:
    """Newest first; every column the page shows is on the row, so a page is one query."""
    return AuditEntry.objects.order_by("-at", "-id")


def audit_filter(*, params) -> AuditEntryFilter:
    """The filter bound to a request's query string (``is_valid()`` says whether the dates and choices are)."""
    return AuditEntryFilter(params, queryset=audit_entry_list())


# CSV ---------------------------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "at", "actor_id", "actor_label", "actor_role", "action", "target_type", "target_id", "target_label",
    "call_code", "ip_address", "reason", "data",
)


def csv_safe(value) -> str:
    """A spreadsheet must show the text, never run it: cells that could start a formula get a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def audit_csv_lines(*, entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The rows as CSV lines, read in chunks so that an export of the whole trail never sits in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(_csv_row(entry))


def _csv_row(entry: AuditEntry) -> Iterable[str]:
    values = {
        "at": timezone.localtime(entry.at).isoformat(), "actor_id": entry.actor_id,
        "data": json.dumps(entry.data, ensure_ascii=False, sort_keys=True) if entry.data else "",
    }
    return [csv_safe(values[c] if c in values else getattr(entry, c)) for c in CSV_COLUMNS]
