"""The crossed design's sparse pieces, shared by the variance estimator and the posterior.

Both eliminate one factor (its block of the normal equations is diagonal, because an
application's reviews are all different reviewers and vice versa) and keep the other
in a sparse matrix. We always keep the smaller side: at 12,600 applications and
3,000 reviewers that is a 3,000-unknown system instead of 15,600.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from selection.ranking.reviews import ReviewTable


@dataclass(frozen=True)
class Design:
    """Reviews split into an eliminated side (``row``) and a kept side (``col``)."""

    keep_reviewers: bool
    row: np.ndarray  # per review: index on the eliminated side
    col: np.ndarray  # per review: index on the kept side
    n_rows: int
    n_cols: int
    incidence: sp.csr_matrix  # n_rows x n_cols, 1 where a review links them
    row_counts: np.ndarray
    col_counts: np.ndarray
    components: int
    col_component: np.ndarray  # component label of each kept-side unit

    def rows_of(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=values, minlength=self.n_rows)

    def cols_of(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.col, weights=values, minlength=self.n_cols)


def design_of(table: ReviewTable) -> Design:
    keep_reviewers = table.n_reviewers <= table.n_applications
    row, col = (table.application, table.reviewer) if keep_reviewers else (table.reviewer, table.application)
    n_rows, n_cols = (
        (table.n_applications, table.n_reviewers) if keep_reviewers else (table.n_reviewers, table.n_applications)
    )
    incidence = sp.csr_matrix((np.ones(row.size), (row, col)), shape=(n_rows, n_cols))
    graph = sp.bmat([[None, incidence], [incidence.T, None]], format="csr")
    components, labels = connected_components(graph, directed=False)
    return Design(
        keep_reviewers=keep_reviewers,
        row=row,
        col=col,
        n_rows=n_rows,
        n_cols=n_cols,
        incidence=incidence,
        row_counts=np.bincount(row, minlength=n_rows).astype(np.float64),
        col_counts=np.bincount(col, minlength=n_cols).astype(np.float64),
        components=int(components),
        col_component=labels[n_rows:],
    )
