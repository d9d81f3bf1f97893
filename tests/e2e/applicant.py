"""What an applicant and their referees do in the browser, step by step (shared by the e2e tests)."""
import re

from django.core import mail
from playwright.sync_api import expect

from tests.applications.documents.pdfs import valid_pdf

PASSWORD = "Seoul-fellowship-2025!"
RESEARCH_SUMMARY = (
    "I study how large language models reason over long scientific documents, and how to make that "
    "reasoning checkable: every claim tied to a passage, every step open to a verifier."
)


def link_in_mail(*, to: str, pattern: str) -> str:
    """The last link matching pattern in the last email sent to `to` (the live server shares this process)."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no email to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    links = re.findall(pattern, messages[-1].body)
    assert links, f"no link matching {pattern!r} in:\n{messages[-1].body}"
    return links[-1]


def pdf_file(name: str, text: str) -> dict:
    """A real PDF, as a file picker would hand it to the page."""
    return {"name": name, "mimeType": "application/pdf", "buffer": valid_pdf(text=text)}


# --- steps a person takes -------------------------------------------------------------------


def sign_up_and_log_in(page, url: str, email: str) -> None:
    page.goto(url + "/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    page.goto(link_in_mail(to=email, pattern=r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm").click()
    if page.get_by_role("button", name="Log out").count() == 0:
        page.goto(url + "/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def save_and_continue(page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def upload_document(page, label: str, name: str) -> None:
    row = page.locator(".doc-row", has=page.get_by_role("heading", name=label, exact=True))
    row.get_by_label(label, exact=True).set_input_files(pdf_file(name, f"{label} of Ada Lovelace"))
    row.get_by_role("button", name="Upload").click()
    expect(page.locator(".doc-row", has=page.get_by_role("heading", name=label, exact=True))
            .get_by_role("link", name=name)).to_be_visible()


def add_referee(page, name: str, email: str, institution: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Institution").fill(institution)
    page.get_by_label("Relationship to you").fill("Postdoctoral supervisor")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("We have emailed your referee a link")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(email)))).to_contain_text("Letter requested")


def verified_applicant(email: str):
    """An applicant who has already signed up and verified the address (for the shorter tests)."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def started_application(portal, email: str):
    from applications.services.dossier import application_start

    return application_start(call=portal["call"], applicant=verified_applicant(email))


def assert_both_versions_kept(page, application, *, field: str, label: str, saved: str) -> None:
    """After a conflict the form shows the newest saved value, and it stays saved."""
    settle(page)
    shown = page.get_by_label(label).input_value()
    application.refresh_from_db()
    stored = getattr(application, field)
    assert (shown, stored) == (saved, saved), (
        f"after the conflict the form shows {shown!r} and the database holds {stored!r}; both should be the value "
        f"saved first, {saved!r} (the other tab's value belongs in the warning only)"
    )


def settle(page) -> None:
    """Let any autosave the page started finish (the status leaves "Saving…")."""
    expect(page.locator(".autosave-status")).not_to_have_text("Saving…")


def local_drafts(page) -> dict:
    return page.evaluate("Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('innocore-draft:'))"
                         ".map(k => [k, JSON.parse(localStorage.getItem(k)).values]))")
