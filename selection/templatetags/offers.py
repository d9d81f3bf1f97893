"""``{% has_offers user as flag %}``: whether the menu shows "My offers".

A template tag rather than a context processor: it runs only where the menu asks (one EXISTS query, for
applicants only, since base.html asks only when the user may apply), not on every render of every template,
and it keeps the project's settings free of selection's names.
"""
from django import template

from selection.selectors.offers import applicant_has_offers

register = template.Library()


@register.simple_tag
def has_offers(user) -> bool:
    return applicant_has_offers(user=user)
