"""One rule for "overseas" and "returnee": the rule and the application's own answer agree."""
import itertools

from applications.models import Application
from applications.origin import Origin, origin_of

COUNTRIES = ("KR", "US", "IN", "")


def test_an_application_is_overseas_exactly_when_the_rule_says_it_is_not_domestic():
    pairs = list(itertools.product(COUNTRIES, COUNTRIES))
    overseas = [(n, r) for n, r in pairs if Application(nationality=n, country_of_residence=r).is_overseas]
    assert overseas == [(n, r) for n, r in pairs if origin_of(nationality=n, country_of_residence=r) != Origin.DOMESTIC]
    assert len(overseas) == 8  # residence US or IN, any of the four nationalities


def test_the_three_origins_split_everybody():
    assert origin_of(nationality="KR", country_of_residence="US") == Origin.RETURNEE
    assert origin_of(nationality="", country_of_residence="DE") == Origin.FOREIGN
    assert origin_of(nationality="IN", country_of_residence="KR") == Origin.DOMESTIC
    assert origin_of(nationality="KR", country_of_residence="") == Origin.DOMESTIC
