"""Where an applicant comes from: the one definition of "overseas" and "returnee".

The ministry counts talent brought from abroad (2025: 159 of 400 fellows, 56 Korean
returnees and 103 foreign nationals). An applicant is *overseas* when their country
of residence is known and is not Korea; an overseas applicant of Korean nationality is
a *returnee*, one of another (or no stated) nationality a *foreign national*; everyone
else (living in Korea, or residence not given) is *domestic*. The three are disjoint
and cover everybody, so they add up to the applications counted.

Every count of the portal reads the rule here (:func:`origin_of`, :func:`is_overseas`), never a
copy: the dashboard groups its rows by nationality and residence in SQL and classifies the groups
with :func:`origin_of`.
"""
HOME_COUNTRY = "KR"


class Origin:
    RETURNEE = "korean_returnee"
    FOREIGN = "foreign_national"
    DOMESTIC = "domestic"


def is_overseas(*, country_of_residence: str) -> bool:
    return bool(country_of_residence) and country_of_residence != HOME_COUNTRY


def origin_of(*, nationality: str, country_of_residence: str) -> str:
    if not is_overseas(country_of_residence=country_of_residence):
        return Origin.DOMESTIC
    return Origin.RETURNEE if nationality == HOME_COUNTRY else Origin.FOREIGN
