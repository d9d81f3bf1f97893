"""Issue 11 in a real browser: ministry staff run the match, read the explanations, publish and send the
decisions; one applicant accepts and downloads the offer letter, another declines and the seat goes to the
next applicant on that team's list."""
import hashlib
import io
import subprocess

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from selection.models import Offer, OfferStatus
from selection.offer_letter import offer_letter_canonical, offer_letter_facts
from tests.factories import MinistryStaffFactory
from tests.selection.decisions import match_call

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py
TEAMS = [("KAIST-NLP", "Language Models for Science", "과학 언어모델 연구단", "KAIST"),
         ("GIST-AIMED", "AI for Medical Imaging", "의료영상 AI 연구단", "GIST")]
QUOTAS = [1, 2]
# (given name, family name, score, team choices): Ada takes KAIST-NLP's one seat, Hye-jin and Min-su GIST-AIMED's
# two; Grace waits on GIST-AIMED's list and gets the seat Hye-jin declines; Alan waits on KAIST-NLP's.
PEOPLE = [("Ada", "Lovelace", 5, [0]), ("Hye-jin", "Park", 4, [1]), ("Min-su", "Lee", 3, [1]),
          ("Grace", "Hopper", 2, [1]), ("Alan", "Turing", 1, [0])]


def _selection_call():
    call, quotas, applications = match_call(scores=[p[2] for p in PEOPLE], choices=[p[3] for p in PEOPLE],
                                            quotas=QUOTAS)
    call.title_en, call.title_ko = "InnoCORE AI Fellowship 2026", "InnoCORE AI 펠로우십 2026"
    call.save()
    for quota, (code, name, name_ko, institute) in zip(quotas, TEAMS):
        team = quota.team
        team.code, team.name_en, team.name_ko = code, name, name_ko
        team.save()
        team.institute.name_en, team.institute.name_ko = f"{institute} InnoCORE Institute", f"{institute} 이노코어 연구원"
        team.institute.save()
    for application, (given, family, _score, _choices) in zip(applications, PEOPLE):
        application.given_name, application.family_name = given, family
        application.save()
        user = application.applicant
        user.email = f"{given.lower().replace('-', '')}.{family.lower()}@example.org"
        user.first_name, user.last_name = given, family
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return call, applications


def _log_in(new_context, url: str, email: str):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def _staff_select_and_send(page, url: str, call, applications, shot) -> None:
    page.goto(url + reverse("selection:decisions", args=[call.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Selection up to the quota")
    page.get_by_role("button", name="Run the match").click()
    expect(page.get_by_text("The match has been proposed.")).to_be_visible()
    expect(page.locator("#team-KAIST-NLP tbody tr")).to_have_count(1)
    expect(page.locator("#team-GIST-AIMED tbody tr")).to_have_count(2)
    expect(page.locator("#team-KAIST-NLP")).to_contain_text(applications[0].reference)
    shot(page, "staff-selection-proposal")

    page.get_by_role("link", name="Each applicant's outcome explained").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Each applicant's outcome explained")
    expect(page.locator("tbody tr")).to_have_count(len(PEOPLE))
    expect(page.locator(f"#app-{applications[3].pk}")).to_contain_text("GIST-AIMED (1st choice) was full")
    shot(page, "staff-selection-explanations")

    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the decisions")
    confirm = page.get_by_label("I have read the proposal and its explanations; publish these decisions.")
    expect(confirm).to_have_attribute("required", "")  # the browser asks for it; the server too (unit tests)
    confirm.check()
    page.get_by_role("button", name="Publish the decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision emails")
    expect(page.locator("article.card")).to_have_count(len(PEOPLE))
    assert mail.outbox == []  # held until staff send them
    shot(page, "staff-selection-outbox")

    page.get_by_role("button", name="Send all").click()
    expect(page.get_by_text("Every decision has been sent.")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applications)
    assert set(Offer.objects.filter(call=call).values_list("status", flat=True)) == {OfferStatus.OPEN}


def _accept_and_download(page, offer: Offer, tmp_path, shot) -> None:
    page.get_by_role("link", name="My offers").click()
    page.get_by_role("link", name=offer.team.name_en).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Offer of a fellowship in {offer.team.name_en}")
    expect(page.locator("table.meta")).to_contain_text("90,000,000 KRW")
    folder = shot(page, "applicant-offer").parent
    page.get_by_role("link", name="Accept the offer").click()
    confirm = page.get_by_label("I confirm my answer; it cannot be changed afterwards.")
    expect(confirm).to_have_attribute("required", "")
    confirm.check()
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("You have accepted the offer.")).to_be_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the offer letter (PDF)").click()
    download = caught.value
    assert download.suggested_filename == f"offer-letter-{offer.application.reference}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    _check_letter(pdf, offer)
    # The letter's first page as the README shows it (pdftoppm adds the .png).
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / "offer-letter")], check=True)


def _check_letter(pdf, offer: Offer) -> None:
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    sha = hashlib.sha256(offer_letter_canonical(offer_letter_facts(offer=offer)).encode()).hexdigest()
    assert offer.letter_sha256 == sha and sha in text.replace("\n", "")
    assert "90,000,000 KRW" in text and "60,000,000 KRW" in text
    assert offer.application.reference in text and offer.team.name_en in text


def test_staff_select_and_send_one_accepts_another_declines_and_the_seat_moves(portal, new_context, shot, tmp_path):
    call, applications = _selection_call()
    ada, hyejin, _minsu, grace, _alan = applications
    staff = MinistryStaffFactory(email="kim.minji@msit.example", first_name="Minji", last_name="Kim")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    url = portal["url"]

    staff_page = _log_in(new_context, url, staff.email)
    _staff_select_and_send(staff_page, url, call, applications, shot)

    _accept_and_download(_log_in(new_context, url, ada.applicant.email), Offer.objects.get(application=ada),
                         tmp_path, shot)

    declined = Offer.objects.get(application=hyejin)
    page = _log_in(new_context, url, hyejin.applicant.email)
    page.goto(url + reverse("offers:detail", args=[declined.pk]))
    page.get_by_role("link", name="Decline the offer").click()
    expect(page.get_by_text("Declining is final")).to_be_visible()
    page.get_by_label("I confirm my answer; it cannot be changed afterwards.").check()
    page.get_by_role("button", name="Decline the offer").click()
    expect(page.get_by_text("You have declined the offer.")).to_be_visible()
    assert Offer.objects.get(pk=declined.pk).status == OfferStatus.DECLINED

    moved = Offer.objects.get(application=grace, status=OfferStatus.OPEN)
    assert moved.team_id == declined.team_id
    assert any(grace.applicant.email in m.to and "A fellowship seat is offered to you" in m.subject
               for m in mail.outbox)
    page = _log_in(new_context, url, grace.applicant.email)
    page.get_by_role("link", name="My offers").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name=declined.team.name_en).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Offer of a fellowship in {declined.team.name_en}")
    expect(page.get_by_role("link", name="Accept the offer")).to_be_visible()

    staff_page.get_by_role("link", name="Offers", exact=True).click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Offers of the call")
    rows = staff_page.locator("table.sel-offers tbody tr")
    expect(rows).to_have_count(4)  # Ada's, Hye-jin's, Min-su's and the one that moved to Grace
    expect(staff_page.locator(f"#offer-{declined.pk}")).to_contain_text("Declined")
    expect(staff_page.locator(f"#offer-{moved.pk}")).to_contain_text("Offer sent, awaiting an answer")
    expect(staff_page.get_by_role("link", name="Letter (PDF)")).to_have_count(1)
    shot(staff_page, "staff-selection-offers")
