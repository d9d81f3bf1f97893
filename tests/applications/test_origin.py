"""One rule for "overseas" and "returnee": the Python function and the SQL filters answer the same."""
import itertools

import pytest

from applications.models import Application
from applications.origin import Origin, domestic_q, foreign_q, origin_of, overseas_q, returnee_q
from tests.factories import ApplicationFactory, CallFactory

COUNTRIES = ("KR", "US", "IN", "")


@pytest.mark.django_db
def test_the_sql_filters_and_the_python_rule_agree_on_every_pair():
    call = CallFactory()
    made = {ApplicationFactory(call=call, nationality=n, country_of_residence=r).pk: (n, r)
            for n, r in itertools.product(COUNTRIES, COUNTRIES)}
    for origin, q in ((Origin.RETURNEE, returnee_q()), (Origin.FOREIGN, foreign_q()), (Origin.DOMESTIC, domestic_q())):
        in_sql = set(Application.objects.filter(call=call).filter(q).values_list("pk", flat=True))
        in_python = {pk for pk, (n, r) in made.items() if origin_of(nationality=n, country_of_residence=r) == origin}
        assert in_sql == in_python, origin
    overseas = set(Application.objects.filter(call=call).filter(overseas_q()).values_list("pk", flat=True))
    assert overseas == {pk for pk in made if Application.objects.get(pk=pk).is_overseas}
    assert len(overseas) == 8  # residence US or IN, any of the four nationalities


def test_the_three_origins_split_everybody():
    assert origin_of(nationality="KR", country_of_residence="US") == Origin.RETURNEE
    assert origin_of(nationality="", country_of_residence="DE") == Origin.FOREIGN
    assert origin_of(nationality="IN", country_of_residence="KR") == Origin.DOMESTIC
    assert origin_of(nationality="KR", country_of_residence="") == Origin.DOMESTIC
