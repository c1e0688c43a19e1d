"""The whole typology in one estimator: MCA → HCPC → profile description → frozen model.

FactoMineR's workflow (``MCA`` then ``HCPC`` with its ``desc.var``; Husson, Lê & Pagès 2017,
ch. 3–4) with row weights, as a scikit-learn-like estimator: the constructor stores the
parameters, :meth:`Typology.fit` computes, fitted attributes end with ``_``, ``random_state``
seeds the ventilation and the pre-clustering.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from phare.typology.catdes import catdes
from phare.typology.errors import NotFittedError, TypologyError, check_weights
from phare.typology.hcpc import HCPC, paragons
from phare.typology.mca import MCA
from phare.typology.model import ActiveVariable, TypologyModel
from phare.typology.profiles import ProfileDescription, describe_profiles
from phare.typology.settings import DEFAULT_ROLES, TypologySettings


class Typology:
    """Profiles of respondents from categorical answers (MCA + HCPC + description).

    Parameters
    ----------
    active : sequence of str
        Active categorical variables (build the axes and the classes).
    supplementary : sequence of str, default ()
        Supplementary categorical variables (describe the profiles only).
    quantitative_supplementary : sequence of str, default ()
        Supplementary numeric variables (e.g. population): correlations with the axes, means
        by profile.
    n_components : int, default 5
        Axes kept and clustered (FactoMineR's ``ncp``).
    level_ventil : float, default 0
        Ventilation threshold of rare levels (FactoMineR's ``level.ventil``).
    missing : {"level", "ventilate"}, default "level"
        Missing answers of the active variables as a level (FactoMineR's default) or ventilated
        whatever their share, so that non-response never makes a profile.
    n_clusters : int, optional
        Number of profiles; default suggested from the inertia gains.
    min_clusters, max_clusters : int
        Range of the suggestion (HCPC's ``min``, ``max``).
    consolidation : bool, default True
        k-means consolidation.
    pre_clusters : int, "auto" or None, default "auto"
        HCPC's ``kk``.
    proba : float, default 0.05
        Significance threshold of the description.
    roles : mapping, optional
        Item prefix → role (default ``levier_`` → leviers, ``frein_`` → freins).
    name_terms : int, default 2
        Categories joined into a suggested name.
    category_labels : mapping, optional
        ``"variable=level"`` → label for suggested names.
    names : mapping, optional
        Class → name (the study team's choice), overriding suggestions.
    describe : bool, default True
        Compute the description (the costly part on large data).
    random_state : int, optional

    Attributes
    ----------
    mca_ : MCA
    hcpc_ : HCPC
    labels_ : ndarray of int
        Profile 1..k of each row.
    catdes_ : CatDes
        Full catdes (all categories, all classes).
    description_ : ProfileDescription
    axes_description_ : DataFrame
        v-tests of the mean coordinate of each profile on each axis (HCPC's ``desc.axes``).
    paragons_ : dict
        Class → index labels of the 5 rows closest to its centre (HCPC's ``desc.ind$para``).
    model_ : TypologyModel
        The frozen model (see :mod:`phare.typology.model`).
    """

    def __init__(
        self,
        active: Sequence[str],
        supplementary: Sequence[str] = (),
        *,
        quantitative_supplementary: Sequence[str] = (),
        n_components: int = 5,
        level_ventil: float = 0.0,
        missing: str = "level",
        n_clusters: int | None = None,
        min_clusters: int = 3,
        max_clusters: int | None = None,
        consolidation: bool = True,
        pre_clusters: int | str | None = "auto",
        proba: float = 0.05,
        roles: Mapping[str, str] | None = None,
        name_terms: int = 2,
        category_labels: Mapping[str, str] | None = None,
        names: Mapping[int, str] | None = None,
        describe: bool = True,
        weights_as_counts: bool = False,
        random_state: int | None = None,
    ) -> None:
        self.active = active
        self.supplementary = supplementary
        self.quantitative_supplementary = quantitative_supplementary
        self.n_components = n_components
        self.level_ventil = level_ventil
        self.missing = missing
        self.n_clusters = n_clusters
        self.min_clusters = min_clusters
        self.max_clusters = max_clusters
        self.consolidation = consolidation
        self.pre_clusters = pre_clusters
        self.proba = proba
        self.roles = roles
        self.name_terms = name_terms
        self.category_labels = category_labels
        self.names = names
        self.describe = describe
        self.weights_as_counts = weights_as_counts
        self.random_state = random_state

    @classmethod
    def from_settings(cls, settings: TypologySettings, **overrides: Any) -> Typology:
        """Build from :class:`TypologySettings` (the `weights` setting is used by callers)."""
        params = settings.model_dump(exclude={"weights"})
        params.update(overrides)
        return cls(**params)

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters."""
        keys = [
            "active",
            "supplementary",
            "quantitative_supplementary",
            "n_components",
            "level_ventil",
            "missing",
            "n_clusters",
            "min_clusters",
            "max_clusters",
            "consolidation",
            "pre_clusters",
            "proba",
            "roles",
            "name_terms",
            "category_labels",
            "names",
            "describe",
            "weights_as_counts",
            "random_state",
        ]
        return {k: getattr(self, k) for k in keys}

    def fit(self, X: pd.DataFrame, y: Any = None, sample_weight: Any = None) -> Typology:
        """Fit the MCA, the clustering, the description and the frozen model on `X`.

        Parameters
        ----------
        X : DataFrame
            One row per respondent, with the active and supplementary columns.
        y : ignored
        sample_weight : array-like of shape (n_rows,), optional
            Calibration weights (> 0).
        """
        if not isinstance(X, pd.DataFrame):
            raise TypologyError("X", "a pandas DataFrame", type(X).__name__)
        w = check_weights(sample_weight, len(X))
        rng = np.random.default_rng(self.random_state)
        seeds = rng.integers(2**31 - 1, size=2)
        mca = MCA(
            self.n_components,
            active=list(self.active),
            supplementary=list(self.supplementary),
            quantitative_supplementary=list(self.quantitative_supplementary),
            level_ventil=self.level_ventil,
            missing=self.missing,
            random_state=int(seeds[0]),
        ).fit(X, sample_weight=w)
        hcpc = HCPC(
            self.n_clusters,
            min_clusters=self.min_clusters,
            max_clusters=self.max_clusters,
            consolidation=self.consolidation,
            pre_clusters=self.pre_clusters,
            random_state=int(seeds[1]),
        ).fit(mca.row_coordinates_, sample_weight=w)
        self.mca_ = mca
        self.hcpc_ = hcpc
        self.labels_ = hcpc.labels_
        self.n_clusters_ = hcpc.n_clusters_
        names: dict[int, str] = {k: f"Profil {k}" for k in range(1, hcpc.n_clusters_ + 1)}
        coords = mca.row_coordinates_
        found = paragons(coords, self.labels_, hcpc.cluster_centers_.to_numpy())
        self.paragons_ = {k: [X.index[i] for i, _ in rows] for k, rows in found.items()}
        if self.describe:
            analysed = self._analysed_frame(X)
            # the tests take weights as frequencies: rescale them to the sample's size
            w_desc = w if self.weights_as_counts else w * (len(w) / w.sum())
            self.catdes_ = catdes(
                analysed,
                self.labels_,
                categorical=list(self.active) + list(self.supplementary),
                quantitative=list(self.quantitative_supplementary),
                sample_weight=w_desc,
                proba=self.proba,
            )
            self.axes_description_ = catdes(
                coords,
                self.labels_,
                categorical=[],
                quantitative=list(coords.columns),
                sample_weight=w_desc,
                proba=self.proba,
            ).quantitative
            self.description_: ProfileDescription | None = describe_profiles(
                analysed,
                self.labels_,
                active=list(self.active),
                supplementary=list(self.supplementary),
                sample_weight=w_desc,
                proba=self.proba,
                roles=dict(DEFAULT_ROLES if self.roles is None else self.roles),
                name_terms=self.name_terms,
                category_labels=self.category_labels,
                names=dict(self.names) if self.names else None,
                quantitative=list(self.quantitative_supplementary),
                paragons={k: [str(i) for i in v] for k, v in self.paragons_.items()},
                weights_as_counts=True,  # already rescaled
                result=self.catdes_,
            )
            names = self.description_.names()
        else:
            self.description_ = None
            if self.names:
                names.update(self.names)
        self.model_ = self._freeze(w, names)
        return self

    def _analysed_frame(self, X: pd.DataFrame) -> pd.DataFrame:
        """`X` with the active levels as analysed (after ventilation)."""
        enc = self.mca_.encoding_
        if not enc.ventilated:
            return X
        out = X.copy()
        for j, (name, lvls) in enumerate(zip(enc.variables, enc.levels, strict=True)):
            if name in enc.ventilated:
                out[name] = np.asarray(lvls, dtype=object)[enc.codes[:, j]]
        return out

    def _freeze(self, w: np.ndarray, names: dict[int, str]) -> TypologyModel:
        from phare import __version__

        mca, hcpc = self.mca_, self.hcpc_
        enc = mca.encoding_
        f = mca.row_coordinates_.to_numpy()
        centers = hcpc.cluster_centers_.to_numpy()
        within = float((w * ((f - centers[self.labels_ - 1]) ** 2).sum(axis=1)).sum())
        sigma2 = within / (w.sum() * f.shape[1])
        return TypologyModel(
            created_with=f"phare {__version__}",
            active=[
                ActiveVariable(name=v, levels=list(lv), ventilated=enc.ventilated.get(v, []))
                for v, lv in zip(enc.variables, enc.levels, strict=True)
            ],
            eigenvalues=[float(x) for x in mca.eigenvalues_[: mca.n_components_]],
            all_eigenvalues=[float(x) for x in mca.eigenvalues_],
            column_coordinates=mca.column_coordinates_.to_numpy().tolist(),
            centers=centers.tolist(),
            cluster_weights=[float(x) for x in hcpc.cluster_weights_],
            names=names,
            within_variance=float(sigma2) if sigma2 > 0 else 1.0,
            metadata={
                "params": json.loads(
                    json.dumps({k: v for k, v in self.get_params().items() if _jsonable(v)})
                ),
                "n_rows": int(len(w)),
                "total_weight": float(w.sum()),
                "suggested_n_clusters": int(hcpc.suggested_n_clusters_),
                "pre_clusters": hcpc.pre_clusters_,
            },
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise NotFittedError("this Typology is not fitted yet: call fit first")

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Profile 1..k of new rows (the frozen model's assignment)."""
        self._check_fitted()
        return self.model_.assign(X)["cluster"].to_numpy()

    def assign(self, X: pd.DataFrame) -> pd.DataFrame:
        """The frozen model's assignment of new rows, with its clarity measures."""
        self._check_fitted()
        return self.model_.assign(X)


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except TypeError:
        return False
    return True
