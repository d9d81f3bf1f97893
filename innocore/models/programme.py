"""The programme's standing structure: institutes and their research teams."""
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from innocore.text import bilingual, split_list


class BilingualNameMixin:
    """Picks the Korean name when the active language is Korean and one exists."""

    @property
    def name(self) -> str:
        return bilingual(self.name_en, self.name_ko)


class Institute(BilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True, help_text=_("Short code, e.g. KAIST."))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("institute")
        verbose_name_plural = _("institutes")
        constraints = [
            models.UniqueConstraint(Upper("code"), name="institute_code_unique_ci"),
            models.CheckConstraint(condition=~models.Q(code=""), name="institute_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.code


class ResearchTeam(BilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("Short code, e.g. KAIST-LLM."))
    institute = models.ForeignKey(Institute, on_delete=models.PROTECT, related_name="teams", verbose_name=_("institute"))
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ko = models.CharField(_("name (Korean)"), max_length=300, blank=True)
    keywords = models.TextField(
        _("research keywords"), blank=True, help_text=_("Comma-separated, used to match applicants and reviewers.")
    )
    keywords_ko = models.TextField(
        _("research keywords (Korean)"), blank=True,
        help_text=_("Comma-separated, shown to readers of the Korean pages; matching uses the English keywords."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["institute__code", "code"]
        verbose_name = _("research team")
        verbose_name_plural = _("research teams")
        constraints = [
            models.UniqueConstraint(Upper("code"), name="team_code_unique_ci"),
            models.CheckConstraint(condition=~models.Q(code=""), name="team_code_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name_en}"

    @property
    def keyword_list(self) -> list[str]:
        return split_list(self.keywords)

    @property
    def display_keywords(self) -> list[str]:
        """The keywords in the reader's language (Korean when given), for pages; matching uses ``keyword_list``."""
        return split_list(bilingual(self.keywords, self.keywords_ko))
