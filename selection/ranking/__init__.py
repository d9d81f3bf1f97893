"""Calibrated ranking of reviewed applications with its uncertainty, free of Django.

Plain data in (one application key, reviewer key and weighted score per review), plain
data out. Entry points:

* :func:`weighted_score` (``scores.py``): one review's score from its rubric.
* :func:`calibrate` (``calibration.py``): fit score = mu + quality + leniency + noise over
  a call's reviews (variance components by Henderson III, ``variance.py``) and draw the
  qualities from their exact Gaussian posterior (``posterior.py``, ``factor.py``).
* :func:`rank_applications` (``calibration.py``, ``ranks.py``): expected rank, 90 %
  credible interval and funding-line flag for the call or a team's subset, as the SNSF
  ranks (Heyard, Ott, Salanti, Egger 2022).
* ``python -m selection.ranking rank FILE.json --out OUT.json`` (``__main__.py``, formats in ``io.py``).
"""

from typing import TYPE_CHECKING

from selection.lazy_names import lazy_getattr
from selection.ranking.errors import RankingInputError
from selection.ranking.scores import Criterion, validate_criteria, weighted_score

# The calibration needs NumPy and SciPy (~60 MB resident); they are imported when one of its names is
# first used, not with the package: scoring a review (``weighted_score``) needs neither, and a web
# process that only ever serves a cached ranking never loads them (PEP 562 module ``__getattr__``).
_LAZY = {"DEFAULT_DRAWS", "DEFAULT_LEVEL", "Calibration", "RankedApplication", "calibrate", "rank_applications"}

if TYPE_CHECKING:
    from selection.ranking.calibration import (
        DEFAULT_DRAWS,
        DEFAULT_LEVEL,
        Calibration,
        RankedApplication,
        calibrate,
        rank_applications,
    )

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_LEVEL",
    "Calibration",
    "Criterion",
    "RankedApplication",
    "RankingInputError",
    "calibrate",
    "rank_applications",
    "validate_criteria",
    "weighted_score",
]


__getattr__ = lazy_getattr(package=__name__, namespace=globals(), modules=dict.fromkeys(_LAZY, "calibration"))
