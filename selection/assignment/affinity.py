"""Affinity of every (application, reviewer) pair, computed in bulk.

``affinity = text_weight * cosine(TF-IDF(application), TF-IDF(reviewer)) + team bonus``

The application's document is its keywords plus its research summary; the reviewer's
is their expertise keywords. One TfidfVectorizer is fitted on both sides so they share a
vocabulary and IDF weights; rows are L2-normalised, so the sparse product
``applications @ reviewers.T`` is the cosine matrix (identical documents score 1, the
highest possible). The team bonus is ``team_bonus[r]`` when the reviewer's team is the
application's r-th preference (rank 1 > rank 2 > rank 3), built as a sparse product of
one-hot matrices, so no Python loop ever runs over pairs.
"""

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

DEFAULT_TEAM_BONUS = (0.3, 0.2, 0.1)


def application_documents(*, keywords: Sequence[Sequence[str]], research_summaries: Sequence[str]) -> list[str]:
    if len(keywords) != len(research_summaries):
        raise ValueError("keywords and research_summaries need one entry per application")
    return [" ".join(words) + " " + (summary or "") for words, summary in zip(keywords, research_summaries)]


def text_similarity(*, application_texts: Sequence[str], reviewer_texts: Sequence[str]) -> sp.csr_matrix:
    """Cosine similarity of TF-IDF vectors, applications x reviewers, sparse."""
    vectorizer = TfidfVectorizer(strip_accents="unicode", sublinear_tf=True, ngram_range=(1, 2))
    try:
        matrix = vectorizer.fit_transform([*application_texts, *reviewer_texts])
    except ValueError:  # every document is empty or stop words only: nothing is similar
        return sp.csr_matrix((len(application_texts), len(reviewer_texts)), dtype=np.float32)
    applications = matrix[: len(application_texts)]
    reviewers = matrix[len(application_texts) :]
    similarity = (applications @ reviewers.T).tocsr().astype(np.float32)
    similarity.data = np.minimum(similarity.data, 1.0)
    return similarity


def team_bonus_matrix(
    *,
    team_preferences: Sequence[Sequence[int]],
    reviewer_teams: Sequence[int],
    team_bonus: Sequence[float] = DEFAULT_TEAM_BONUS,
) -> sp.csr_matrix:
    """Bonus for pairs whose reviewer is on one of the application's ranked teams.

    A team listed twice counts once, at its best rank; teams are non-negative ints.
    """
    n_applications, n_reviewers = len(team_preferences), len(reviewer_teams)
    teams = np.asarray(reviewer_teams, dtype=np.int64).reshape(n_reviewers)
    ranked = np.full((n_applications, len(team_bonus)), -1, dtype=np.int64)
    for row, preferences in enumerate(team_preferences):
        preferences = list(preferences)[: len(team_bonus)]
        ranked[row, : len(preferences)] = preferences
    n_teams = int(max(teams.max(initial=-1), ranked.max(initial=-1))) + 1
    if n_teams == 0:
        return sp.csr_matrix((n_applications, n_reviewers), dtype=np.float32)
    on_team = teams >= 0
    membership = sp.csr_matrix(
        (np.ones(int(on_team.sum()), dtype=np.float32), (np.flatnonzero(on_team), teams[on_team])),
        shape=(n_reviewers, n_teams),
    )
    best = np.zeros((n_applications, n_teams), dtype=np.float32)
    for rank in reversed(range(len(team_bonus))):
        listed = np.flatnonzero(ranked[:, rank] >= 0)
        best[listed, ranked[listed, rank]] = team_bonus[rank]
    return (sp.csr_matrix(best) @ membership.T).tocsr()


def affinity_matrix(
    *,
    application_keywords: Sequence[Sequence[str]],
    research_summaries: Sequence[str],
    reviewer_keywords: Sequence[Sequence[str]],
    team_preferences: Sequence[Sequence[int]] | None = None,
    reviewer_teams: Sequence[int] | None = None,
    team_bonus: Sequence[float] = DEFAULT_TEAM_BONUS,
    text_weight: float = 1.0,
    sparse: bool = False,
) -> np.ndarray | sp.csr_matrix:
    """Affinity matrix (applications x reviewers), dense float32 unless ``sparse``.

    ``team_preferences[i]`` lists application i's teams by rank (at most three count);
    ``reviewer_teams[j]`` is reviewer j's team (-1: none). Either may be None to skip the bonus.
    """
    texts = application_documents(keywords=application_keywords, research_summaries=research_summaries)
    similarity = text_similarity(
        application_texts=texts, reviewer_texts=[" ".join(words) for words in reviewer_keywords]
    )
    result = similarity * np.float32(text_weight)
    if team_preferences is not None and reviewer_teams is not None:
        if len(team_preferences) != len(texts) or len(reviewer_teams) != len(reviewer_keywords):
            raise ValueError("team_preferences / reviewer_teams need one entry per application / reviewer")
        result = result + team_bonus_matrix(
            team_preferences=team_preferences, reviewer_teams=reviewer_teams, team_bonus=team_bonus
        )
    result = sp.csr_matrix(result, dtype=np.float32)
    return result if sparse else result.toarray()
