from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnocoreConfig(AppConfig):
    name = "innocore"
    verbose_name = _("Programme")
