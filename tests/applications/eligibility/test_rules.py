"""Each rule's passed / failed / undecided cases, with the reasons staff and applicants read."""

from __future__ import annotations

from datetime import date

from applications.eligibility import BreakPeriod, DuplicateMatch

from .builders import line_for, make_applicant, make_call

CALL = make_call()


def test_phd_awarded_passes():
    line = line_for(code="phd_awarded", applicant=make_applicant(phd_date=date(2020, 5, 1)), call=CALL)
    assert (line.outcome, line.reason) == ("passed", "awarded")
    assert line.message_en == "PhD awarded on 2020-05-01."
    assert line.message_ko == "박사학위 취득일: 2020-05-01."
    assert line.concerns_applicant is True


def test_phd_expected_by_the_appointment_start_passes_and_after_it_fails():
    on_start = line_for(code="phd_awarded", call=CALL,
                        applicant=make_applicant(phd_status="expected", phd_date=date(2025, 9, 1)))
    after_start = line_for(code="phd_awarded", call=CALL,
                           applicant=make_applicant(phd_status="expected", phd_date=date(2025, 9, 2)))
    assert on_start.outcome == "passed"
    assert after_start.outcome == "failed"
    assert after_start.message_en == "PhD expected on 2025-09-02, after the appointment start date 2025-09-01."
    assert after_start.message_ko == "박사학위 취득 예정일(2025-09-02)이 임용 시작일(2025-09-01)보다 늦습니다."


def test_phd_expected_is_refused_when_the_call_requires_an_awarded_phd():
    line = line_for(code="phd_awarded", call=CALL, params={"allow_expected": False},
                    applicant=make_applicant(phd_status="expected", phd_date=date(2025, 8, 1)))
    assert (line.outcome, line.reason) == ("failed", "expected_not_allowed")


def test_no_phd_fails_and_an_undated_expected_phd_is_undecided():
    none = line_for(code="phd_awarded", call=CALL, applicant=make_applicant(phd_status="none", phd_date=None))
    undated = line_for(code="phd_awarded", call=CALL, applicant=make_applicant(phd_status="expected", phd_date=None))
    assert none.outcome == "failed"
    assert "No PhD awarded or expected" in none.message_en
    assert undated.outcome == "undecided"
    assert "예정일이 기재되지 않았습니다" in undated.message_ko


def test_years_since_phd_reason_names_the_elapsed_time_the_limit_and_the_breaks():
    applicant = make_applicant(
        phd_date=date(2016, 3, 1),
        career_breaks=[
            BreakPeriod("parental_leave", date(2018, 1, 1), date(2018, 4, 30)),
            BreakPeriod("sabbatical", date(2019, 1, 1), date(2019, 6, 30)),
        ],
    )
    line = line_for(code="years_since_phd", applicant=applicant, call=CALL)
    assert line.outcome == "failed"
    assert line.message_en == (
        "PhD awarded on 2016-03-01, 9 years 4 months before the closing date 2025-07-31; this exceeds the limit "
        "of 7 years plus 120 days of career breaks (latest eligible closing date 2023-06-29)."
    )
    assert line.message_ko == (
        "박사학위 취득일 2016-03-01, 마감일(2025-07-31) 기준 9년 4개월 경과하여 기준(7년 + 경력 단절 120일, "
        "인정되는 마지막 마감일 2023-06-29)을 초과합니다."
    )


def test_years_since_phd_counts_only_the_configured_break_kinds():
    applicant = make_applicant(
        phd_date=date(2018, 1, 1), career_breaks=[BreakPeriod("sabbatical", date(2019, 1, 1), date(2019, 1, 10))]
    )
    default = line_for(code="years_since_phd", applicant=applicant, call=CALL)
    widened = line_for(code="years_since_phd", applicant=applicant, call=CALL,
                       params={"counted_break_kinds": ["sabbatical"]})
    assert default.values["break_days"] == 0
    assert widened.values["break_days"] == 10


def test_years_since_phd_passes_within_the_limit_and_when_the_phd_comes_after_closing():
    within = line_for(code="years_since_phd", applicant=make_applicant(phd_date=date(2021, 2, 15)), call=CALL)
    later = line_for(code="years_since_phd", call=CALL,
                     applicant=make_applicant(phd_status="expected", phd_date=date(2025, 8, 20)))
    assert (within.outcome, within.reason) == ("passed", "within_limit")
    assert "4 years 5 months" in within.message_en
    assert (later.outcome, later.reason) == ("passed", "phd_after_closing")


def test_years_since_phd_without_a_phd_date_is_undecided():
    line = line_for(code="years_since_phd", call=CALL, applicant=make_applicant(phd_status="none", phd_date=None))
    assert (line.outcome, line.reason) == ("undecided", "missing_phd_date")


def test_age_limit_replaces_the_years_test_and_needs_a_date_of_birth():
    old_phd = make_applicant(phd_date=date(2010, 1, 1), date_of_birth=date(1986, 8, 1))
    line = line_for(code="years_since_phd", applicant=old_phd, call=CALL, params={"age_limit": 39})
    assert line.outcome == "passed"
    assert line.message_en == "Aged 38 at the closing date 2025-07-31 (born 1986-08-01); the age limit is 39."
    assert line.message_ko == "마감일(2025-07-31) 기준 만 38세(생년월일 1986-08-01). 연령 기준은 만 39세 이하입니다."

    over = line_for(code="years_since_phd", call=CALL, params={"age_limit": 39},
                    applicant=make_applicant(date_of_birth=date(1985, 7, 31)))
    assert (over.outcome, over.values["age"]) == ("failed", 40)

    unknown = line_for(code="years_since_phd", call=CALL, params={"age_limit": 39},
                       applicant=make_applicant(date_of_birth=None))
    assert (unknown.outcome, unknown.reason) == ("undecided", "missing_date_of_birth")
    assert "no date of birth" in unknown.message_en


def test_documents_complete_passes_with_valid_documents_and_enough_letters():
    line = line_for(code="documents_complete", applicant=make_applicant(referee_letters_received=3), call=CALL)
    assert line.outcome == "passed"
    assert line.message_en == (
        "All required documents are present and valid (cv, phd_certificate, research_proposal); "
        "3 referee letters received (2 required)."
    )


def test_documents_complete_fails_on_missing_or_invalid_documents_and_too_few_letters():
    applicant = make_applicant(documents={"cv": "valid", "phd_certificate": "invalid"}, referee_letters_received=1)
    line = line_for(code="documents_complete", applicant=applicant, call=CALL)
    assert line.outcome == "failed"
    assert line.message_en == (
        "Documents missing: research_proposal; invalid: phd_certificate; referee letters received: 1 of 2 required."
    )
    assert line.message_ko == (
        "누락된 서류: research_proposal; 유효하지 않은 서류: phd_certificate; 추천서 접수: 필요 2통 중 1통."
    )
    only_letters = line_for(code="documents_complete", applicant=make_applicant(referee_letters_received=1),
                            call=CALL, params={"min_referee_letters": 2})
    assert only_letters.outcome == "failed"
    assert "missing: none; invalid: none" in only_letters.message_en
    assert "누락된 서류: 없음" in only_letters.message_ko


def test_documents_not_yet_checked_are_undecided():
    documents = {"cv": "valid", "phd_certificate": "pending", "research_proposal": "valid"}
    line = line_for(code="documents_complete", applicant=make_applicant(documents=documents), call=CALL)
    assert (line.outcome, line.reason) == ("undecided", "unchecked")
    assert "phd_certificate (pending)" in line.message_en


def test_research_field_passes_on_a_case_insensitive_whole_word_overlap():
    line = line_for(code="research_field", call=CALL,
                    applicant=make_applicant(research_field="Novel DRUG Discovery pipelines", keywords=["Hydrogen"]))
    assert line.outcome == "passed"
    assert line.values["matched"] == "drug discovery, hydrogen"
    assert line.message_en.startswith("Matching keywords: drug discovery, hydrogen (from the applicant's field")


def test_research_field_without_overlap_is_undecided_and_lists_the_keywords_checked():
    line = line_for(code="research_field", call=CALL,
                    applicant=make_applicant(research_field="Medieval history", keywords=["hydrogenation"]))
    assert (line.outcome, line.reason) == ("undecided", "too_few_matches")
    assert "(large language models, drug discovery, hydrogen, brain disease)" in line.message_en
    assert "(Medieval history, hydrogenation)" in line.message_en
    assert "담당자가 검토합니다" in line.message_ko


def test_research_field_matches_korean_keywords_and_respects_min_overlap():
    call = make_call(fields=["인공지능", "수소"])
    applicant = make_applicant(research_field="인공지능 기반 신약", keywords=["수소 저장"])
    assert line_for(code="research_field", applicant=applicant, call=call).outcome == "passed"
    needs_three = line_for(code="research_field", applicant=applicant, call=call, params={"min_overlap": 3})
    assert needs_three.outcome == "undecided"
    assert needs_three.values["match_count"] == 2


def test_research_field_is_undecided_without_an_applicant_field_or_call_fields():
    blank = line_for(code="research_field", call=CALL, applicant=make_applicant(research_field=" ", keywords=[]))
    no_fields = line_for(code="research_field", call=make_call(fields=[]), applicant=make_applicant())
    assert (blank.outcome, blank.reason) == ("undecided", "no_applicant_field")
    assert (no_fields.outcome, no_fields.reason) == ("undecided", "no_call_fields")


def test_no_duplicate_passes_without_matches_and_names_the_match_found():
    assert line_for(code="no_duplicate", applicant=make_applicant(), call=CALL).outcome == "passed"
    applicant = make_applicant(duplicates=[
        DuplicateMatch("application", "email", "APP-2025-0012"),
        DuplicateMatch("fellowship", "name_and_birth_date", "FEL-17"),
    ])
    line = line_for(code="no_duplicate", applicant=applicant, call=CALL)
    assert line.outcome == "failed"
    assert line.message_en == (
        "Found 2 other record(s) for this person: active application APP-2025-0012 (same verified email); "
        "current fellowship FEL-17 (same name and date of birth)."
    )
    assert line.message_ko == (
        "동일인의 다른 기록 2건이 있습니다: 진행 중인 신청 APP-2025-0012 (동일한 인증 이메일); "
        "현재 펠로우십 FEL-17 (동일한 이름 및 생년월일)."
    )


def test_team_preferences_pass_for_one_to_three_distinct_teams_of_the_call():
    line = line_for(code="team_preferences", call=CALL,
                    applicant=make_applicant(team_preferences=["UNIST-H2", "KAIST-LLM", "GIST-ACE"]))
    assert line.outcome == "passed"
    assert line.message_en == (
        "Team preferences in rank order: UNIST-H2, KAIST-LLM, GIST-ACE; all are teams of this call."
    )


def test_team_preferences_fail_on_repeats_unknown_teams_none_or_too_many():
    repeated = line_for(code="team_preferences", call=CALL,
                        applicant=make_applicant(team_preferences=["KAIST-LLM", "DGIST-BODY", "KAIST-LLM"]))
    assert repeated.outcome == "failed"
    assert repeated.message_en == (
        "Team preferences in rank order: KAIST-LLM, DGIST-BODY, KAIST-LLM (3 given, 1 to 3 allowed); repeated: "
        "KAIST-LLM; not teams of this call: DGIST-BODY. Teams of this call: KAIST-LLM, KAIST-DRUG, UNIST-H2, GIST-ACE."
    )
    assert "중복: KAIST-LLM; 이 공고의 연구단이 아님: DGIST-BODY" in repeated.message_ko
    none = line_for(code="team_preferences", call=CALL, applicant=make_applicant(team_preferences=[]))
    assert none.outcome == "failed"
    assert "Team preferences in rank order: none (0 given" in none.message_en
    four = make_applicant(team_preferences=["KAIST-LLM", "KAIST-DRUG", "UNIST-H2", "GIST-ACE"])
    assert line_for(code="team_preferences", call=CALL, applicant=four).outcome == "failed"
    assert line_for(code="team_preferences", call=CALL, applicant=four, params={"max_preferences": 4}).outcome == (
        "passed"
    )
