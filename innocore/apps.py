from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnocoreConfig(AppConfig):
    name = "innocore"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from innocore import admin_audit, permissions, signals  # noqa: F401  (rules registered, receivers connected)
