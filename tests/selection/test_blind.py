"""Blind review: the applicant's own name masked in citations and research texts (pure part and pages)."""
import pytest
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from applications.models import Publication
from selection.blind import MASK, name_mask

NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéø김이박민준서연", min_size=2, max_size=10)
OTHER = st.text(alphabet="bcdfghjkmqrsvwxz ,.()0123456789", max_size=30)


@pytest.mark.parametrize("citation, masked", [
    ("Ada Lovelace, C. Babbage (1843). Notes. J, 1.", "[applicant], C. Babbage (1843). Notes. J, 1."),
    ("Babbage, C., Lovelace, A. (1843)", "Babbage, C., [applicant] (1843)"),
    ("A. Lovelace and LOVELACE Ada", "[applicant] and [applicant]"),
    ("Adam Lovelaces; Analytical Lovelace", "Adam Lovelaces; Analytical Lovelace"),
])
def test_the_forms_a_citation_writes_the_name_in(citation, masked):
    assert name_mask(citation, given="Ada", family="Lovelace") == masked


def test_korean_order_without_a_space_and_a_name_of_one_part():
    assert name_mask("김민준, 이서연 (2021)", given="민준", family="김") == "[applicant], 이서연 (2021)"
    assert name_mask("Plato, Republic", given="", family="Plato") == "[applicant], Republic"
    assert name_mask("Plato", given="", family="") == "Plato"


@given(given_name=NAME, family=NAME, before=OTHER, after=OTHER)
def test_the_full_name_never_survives_and_other_text_is_kept(given_name, family, before, after):
    assume(given_name.lower() not in MASK and family.lower() not in MASK)
    text = f"{before} {given_name} {family}, {after}"
    masked = name_mask(text, given=given_name, family=family)
    assert f"{given_name} {family}".lower() not in masked.lower()
    assert MASK in masked
    assert name_mask(before + after, given=given_name, family=family) == before + after or (
        family.lower() in (before + after).lower())


@pytest.mark.django_db
def test_blind_dossier_masks_the_applicant_in_citations_and_research_texts(client, settings, tmp_path):
    from tests.selection.reviewing import dossier_under_review

    settings.MEDIA_ROOT = tmp_path / "media"
    application, (profile,), _referee = dossier_under_review(blind=True)
    Publication.objects.filter(application=application).update(
        citation="Lovelace, A., Babbage, C. (2023). Notes on the engine. J. Anal. 1, 2.")
    type(application).objects.filter(pk=application.pk).update(
        research_summary="As Ada Lovelace (2023) showed, engines reason.", research_plan="A. Lovelace will go on.")
    client.force_login(profile.user)
    start = client.get(reverse("selection:review_start", args=[application.pk])).content.decode()
    client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    page = client.get(reverse("selection:review_dossier", args=[application.pk])).content.decode()
    for text in (start, page):
        assert "Lovelace" not in text, text[text.find("Lovelace") - 300:text.find("Lovelace") + 100]
        assert "[applicant]" in text
    assert "[applicant], Babbage, C. (2023). Notes on the engine." in page
    assert "[applicant] will go on." in page


@pytest.mark.django_db
def test_open_review_shows_the_name_in_citations(client, settings, tmp_path):
    from tests.selection.reviewing import dossier_under_review

    settings.MEDIA_ROOT = tmp_path / "media"
    application, (profile,), _referee = dossier_under_review(blind=False)
    Publication.objects.filter(application=application).update(citation="Lovelace, A. (2023). Notes.")
    client.force_login(profile.user)
    client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    page = client.get(reverse("selection:review_dossier", args=[application.pk])).content.decode()
    assert "Lovelace, A. (2023). Notes." in page and "[applicant]" not in page
