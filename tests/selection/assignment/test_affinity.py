import numpy as np
import scipy.sparse as sp

from selection.assignment.affinity import affinity_matrix, team_bonus_matrix, text_similarity

REVIEWERS = [["graph neural networks", "drug discovery"], ["quantum error correction"], ["soil microbiology"]]


def test_identical_texts_have_the_highest_cosine():
    similarity = text_similarity(
        application_texts=["quantum error correction", "soil microbiology in rice paddies"],
        reviewer_texts=["quantum error correction", "graph neural networks", "soil microbiology"],
    ).toarray()
    assert np.isclose(similarity[0, 0], 1.0)
    assert similarity[0, 0] > similarity[0, 1]
    assert similarity[1].argmax() == 2
    assert np.all(similarity <= 1.0 + 1e-6)


def test_preferred_team_bonus_follows_the_rank():
    bonus = team_bonus_matrix(
        team_preferences=[[2, 0, 1], [1]], reviewer_teams=[0, 1, 2, -1], team_bonus=(0.3, 0.2, 0.1)
    ).toarray()
    assert np.allclose(bonus[0], [0.2, 0.1, 0.3, 0.0])
    assert np.allclose(bonus[1], [0.0, 0.3, 0.0, 0.0])


def test_affinity_adds_text_and_team_and_ranks_the_matching_reviewer_first():
    matrix = affinity_matrix(
        application_keywords=[["quantum", "error correction"], ["microbiology"]],
        research_summaries=["Surface codes for quantum error correction.", "Soil microbiology of rice paddies."],
        reviewer_keywords=[[" ".join(words)] for words in REVIEWERS],
        team_preferences=[[1], [0, 2]],
        reviewer_teams=[0, 1, 2],
    )
    assert matrix.shape == (2, 3) and matrix.dtype == np.float32
    assert matrix[0].argmax() == 1
    assert matrix[1].argmax() == 2
    same_text_other_rank = affinity_matrix(
        application_keywords=[["x"], ["x"], ["x"]],
        research_summaries=["", "", ""],
        reviewer_keywords=[["y"]],
        team_preferences=[[0], [5, 0], [5, 6, 0]],
        reviewer_teams=[0],
    )
    assert same_text_other_rank[0, 0] > same_text_other_rank[1, 0] > same_text_other_rank[2, 0] > 0


def test_empty_texts_give_zero_similarity_and_sparse_output_matches_dense():
    empty = affinity_matrix(application_keywords=[[]], research_summaries=[""], reviewer_keywords=[[]])
    assert np.all(empty == 0)
    arguments = dict(
        application_keywords=[["graph", "networks"], ["soil"]],
        research_summaries=["neural networks for drug discovery", "microbes"],
        reviewer_keywords=REVIEWERS,
    )
    sparse = affinity_matrix(**arguments, sparse=True)
    assert sp.issparse(sparse)
    assert np.allclose(sparse.toarray(), affinity_matrix(**arguments))
