"""The offer letter of an accepted offer (WeasyPrint): English and Korean in one letter.

One letter in both languages, whoever asks for it: the fellow, the host institute's office and the ministry
then hold the same document with the same fingerprint, and no version is "the translation" of another.

The SHA-256 covers the facts printed on the letter (``offer_letter_facts``) as canonical JSON: keys sorted,
UTF-8, no spaces (``applications.selectors.dossier.content_sha256``, as for the application receipt). The
letter prints that JSON in full, so anyone can recompute the hash (``printf '%s' 'JSON' | sha256sum``) and
compare it with the one in the footer and the one the portal keeps (``Offer.letter_sha256``).

Korean text needs a CJK font on the machine (Debian: fonts-nanum); the stylesheet names NanumGothic first,
then Noto Sans CJK KR.
"""
import json
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from applications.selectors.dossier import content_sha256
from selection.models import Offer

KOREA = ZoneInfo("Asia/Seoul")


def _moment(value) -> str | None:
    return timezone.localtime(value, KOREA).isoformat(timespec="seconds") if value else None


def offer_letter_facts(*, offer: Offer) -> dict:
    """Every fact the letter states, as plain data (the input of its SHA-256)."""
    application, call, team = offer.application, offer.call, offer.team
    return {
        "offer": offer.pk,
        "reference": application.reference,
        "fellow": application.full_name,
        "email": application.applicant.email,
        "call": {"code": call.code, "title_en": call.title_en, "title_ko": call.title_ko},
        "team": {"code": team.code, "name_en": team.name_en, "name_ko": team.name_ko},
        "institute": {"code": team.institute.code, "name_en": team.institute.name_en,
                      "name_ko": team.institute.name_ko},
        "salary_krw_per_year": call.salary_krw,
        "research_funding_krw_per_year": call.research_funding_krw,
        "contract_years": call.contract_years,
        "starts_on": call.appointment_starts_on.isoformat() if call.appointment_starts_on else None,
        "choice": offer.choice,
        "offered_at": _moment(offer.sent_at),
        "respond_by": _moment(offer.respond_by),
        "accepted_at": _moment(offer.responded_at),
        "note": offer.response_note,
    }


def offer_letter_canonical(facts: dict) -> str:
    """The exact text the SHA-256 is computed over (the same encoding as ``content_sha256``)."""
    return json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def offer_letter_html(*, offer: Offer, facts: dict, sha256: str) -> str:
    return render_to_string("selection/offers/letter.html", {
        "offer": offer, "facts": facts, "sha256": sha256, "canonical": offer_letter_canonical(facts),
        "salary": f"{facts['salary_krw_per_year']:,}", "funding": f"{facts['research_funding_krw_per_year']:,}",
        "generated_at": timezone.now(),
    })


def offer_letter_render(*, offer: Offer) -> tuple[bytes, str]:
    """The letter as PDF bytes, and its SHA-256."""
    # Imported on first use, as for the receipt: WeasyPrint costs ~40 MB in every process that loads it.
    from weasyprint import HTML

    facts = offer_letter_facts(offer=offer)
    sha256 = content_sha256(facts)
    return HTML(string=offer_letter_html(offer=offer, facts=facts, sha256=sha256)).write_pdf(), sha256
