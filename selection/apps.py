from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Selection")

    def ready(self) -> None:
        from selection import permissions, signals  # noqa: F401  (registers the rules, connects the receivers)
