"""Rules read as sentences in the reader's language (issue 14, item 11)."""
from hypothesis import given
from hypothesis import strategies as st

from applications.eligibility.catalogue import REGISTRY
from applications.eligibility.describe import rule_sentence


def test_every_rule_has_a_sentence_in_both_languages_without_code_names():
    for code, definition in REGISTRY.items():
        english = rule_sentence(code=code, params=dict(definition.default_params), language="en")
        korean = rule_sentence(code=code, params=dict(definition.default_params), language="ko")
        assert english != code and korean != code and english != korean
        assert "{" not in english and "_" not in english and "_" not in korean
        assert any("\uac00" <= ch <= "\ud7a3" for ch in korean)


def test_the_parameters_are_in_the_sentence():
    assert rule_sentence(code="years_since_phd", params={"max_years": 5}, language="en").startswith(
        "The PhD was awarded at most 5 years")
    assert "parental leave" in rule_sentence(code="years_since_phd", params={}, language="en")
    assert "만 40세" in rule_sentence(code="years_since_phd", params={"age_limit": 40}, language="ko")
    assert "3부" in rule_sentence(code="documents_complete", params={"min_referee_letters": 3}, language="ko")
    assert "2 and 4 teams" in rule_sentence(code="team_preferences",
                                            params={"min_preferences": 2, "max_preferences": 4}, language="en")


@given(code=st.sampled_from(sorted(REGISTRY)), params=st.dictionaries(
    st.sampled_from(["max_years", "age_limit", "counted_break_kinds", "min_referee_letters", "min_overlap",
                     "min_preferences", "max_preferences", "allow_expected", "junk"]),
    st.one_of(st.none(), st.integers(-5, 50), st.text(max_size=5), st.booleans(), st.lists(st.text(max_size=5)))))
def test_rules_being_edited_never_break_the_page(code, params):
    for language in ("en", "ko"):
        assert rule_sentence(code=code, params=params, language=language)


def test_an_unknown_rule_reads_as_its_code():
    assert rule_sentence(code="gone_rule", params={}, language="ko") == "gone_rule"


def test_edited_parameters_of_the_wrong_kind_fall_back_and_lists_count():
    assert "at most 7 years" in rule_sentence(code="years_since_phd", params={"max_years": True}, language="en")
    sentence = rule_sentence(code="years_since_phd", params={"counted_break_kinds": ["illness"]}, language="en")
    assert "(illness)" in sentence and "parental" not in sentence
