"""Multiple correspondence analysis (MCA) with row weights and supplementary variables.

The MCA is the correspondence analysis of the complete disjunctive table ``Z`` (n rows × K
categories of J active variables), with row masses ``r_i = w_i / Σw`` (``w`` the row weights,
e.g. calibration weights). Write ``p_k = Σ_i r_i z_ik`` for the weighted share of category k
and ``c_k = p_k / J`` for its column mass. The standardised residuals are

    S_ik = sqrt(r_i) (z_ik − p_k) / sqrt(J p_k),

and the eigenvalues λ_s and right singular vectors v_s of S are those of the K × K matrix

    SᵀS = (B − p pᵀ) / (J sqrt(p pᵀ)),     B = Zᵀ diag(r) Z   (the weighted Burt table / Σw),

obtained here by a dense symmetric eigendecomposition (LAPACK ``syevd``; never randomised), so the
cost is O(n K²) for B plus O(K³), whatever n. From them (Greenacre 2007, ch. 18–19; Husson, Lê &
Pagès 2017, ch. 3):

- category coordinates ``G_ks = v_ks sqrt(λ_s / c_k)``,
- row coordinates ``F_is = (1 / (J sqrt λ_s)) Σ_{k ∈ i} G_ks`` (transition formula, which also
  projects new rows: supplementary individuals),
- contributions ``ctr_ks = 100 c_k G_ks² / λ_s = 100 v_ks²`` and ``ctr_is = 100 r_i F_is² / λ_s``,
- squared cosines ``G_ks² / (1/p_k − 1)`` and ``F_is² / ((1/J) Σ_{k∈i} 1/p_k − 1)``,
- v-tests ``G_ks sqrt(N_k (N − 1) / (N − N_k))`` with ``N_k`` the weighted count and ``N = Σw``
  (Lebart, Morineau & Piron 1995; FactoMineR's ``v.test``),
- squared correlation ratios ``η²_js = Σ_{k ∈ j} p_k G_ks²``.

A supplementary category is placed at the weighted mean of its rows divided by sqrt(λ_s); its
cos², v-test and the η² of its variable follow the same formulas. The number of non-zero
eigenvalues is min(n − 1, K − J); they sum to the total inertia K/J − 1.

Benzécri's (1979) correction ``λ̃ = (J/(J−1))² (λ − 1/J)²`` for λ > 1/J, and Greenacre's (2007)
adjusted total inertia ``(J/(J−1)) (Σ λ² − (K−J)/J²)``, are given by :meth:`MCA.corrected_inertia`.

Validated against FactoMineR 2.7 ``MCA`` (tests/typology/test_typology_golden_factominer.py).

References
----------
Benzécri, J.-P. (1979). Sur le calcul des taux d'inertie dans l'analyse d'un questionnaire.
    Cahiers de l'Analyse des Données 4(3), 377–378.
Greenacre, M. (2007). Correspondence Analysis in Practice, 2nd ed. Chapman & Hall/CRC.
Husson, F., Lê, S. & Pagès, J. (2017). Exploratory Multivariate Analysis by Example Using R,
    2nd ed. CRC Press.
Lebart, L., Morineau, A. & Piron, M. (1995). Statistique exploratoire multidimensionnelle. Dunod.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg

from phare.typology.encoding import EncodedTable, encode, level_codes, map_levels
from phare.typology.errors import NotFittedError, TypologyError, check_weights


def _dims(n: int) -> list[str]:
    return [f"Dim {s + 1}" for s in range(n)]


def project_codes(
    codes: np.ndarray, column_coordinates: np.ndarray, eigenvalues: np.ndarray
) -> np.ndarray:
    """Project rows given by category codes onto the axes (transition formula).

    ``F_is = (1 / (J sqrt λ_s)) Σ_j G_{code_ij, s}``; a code of -1 (unknown or ventilated level)
    contributes 0, i.e. the centre of its variable.

    Parameters
    ----------
    codes : ndarray of shape (n_rows, J)
        Column index of each row's category in `column_coordinates`, or -1.
    column_coordinates : ndarray of shape (K, n_components)
    eigenvalues : ndarray of shape (n_components,)
    """
    n_var = codes.shape[1]
    g = np.vstack([column_coordinates, np.zeros((1, column_coordinates.shape[1]))])
    idx = np.where(codes < 0, g.shape[0] - 1, codes)
    total = np.zeros((codes.shape[0], column_coordinates.shape[1]))
    for j in range(n_var):
        total += g[idx[:, j]]
    return total / (n_var * np.sqrt(eigenvalues)[None, :])


def weighted_burt(codes: np.ndarray, n_levels: np.ndarray, r: np.ndarray) -> np.ndarray:
    """The weighted Burt table ``B = Zᵀ diag(r) Z`` from the codes of each variable (n × J).

    Built block by block from weighted counts of pairs of levels, without forming Z.
    """
    n_var = codes.shape[1]
    offsets = np.concatenate([[0], np.cumsum(n_levels)])
    k = int(offsets[-1])
    burt = np.zeros((k, k))
    for j in range(n_var):
        kj = int(n_levels[j])
        for m in range(j, n_var):
            km = int(n_levels[m])
            block = np.bincount(codes[:, j] * km + codes[:, m], weights=r, minlength=kj * km)
            block = block.reshape(kj, km)
            burt[offsets[j] : offsets[j + 1], offsets[m] : offsets[m + 1]] = block
            burt[offsets[m] : offsets[m + 1], offsets[j] : offsets[j + 1]] = block.T
    return burt


class MCA:
    """Multiple correspondence analysis with row weights (FactoMineR's ``MCA``).

    Parameters
    ----------
    n_components : int, default 5
        Number of axes kept for coordinates (``ncp``).
    active : sequence of str, optional
        Active categorical variables; default all columns not in `supplementary`.
    supplementary : sequence of str, default ()
        Supplementary categorical variables (described, not used to build the axes).
    quantitative_supplementary : sequence of str, default ()
        Supplementary numeric variables: their weighted correlation with each axis.
    level_ventil : float, default 0
        Share under which a level of an active variable is ventilated (see
        :mod:`phare.typology.encoding`); 0 disables ventilation.
    missing : {"level", "ventilate"}, default "level"
        Missing answers of an active variable: a level of their own (FactoMineR's default
        ``na.method = "NA"``) or ventilated whatever their share, so that non-response builds no
        axis (see :mod:`phare.typology.encoding`).
    random_state : int or numpy Generator, optional
        Seed of the ventilation draws.

    Attributes
    ----------
    eig_ : DataFrame
        Eigenvalue, percentage of inertia and cumulative percentage of every non-zero axis.
    eigenvalues_ : ndarray
        All non-zero eigenvalues, decreasing.
    column_coordinates_, column_contributions_, column_cos2_, column_vtest_ : DataFrame
        Active categories (index: variable, level) × axes.
    eta2_ : DataFrame
        Active variables × axes: squared correlation ratios.
    row_coordinates_, row_contributions_, row_cos2_ : DataFrame
        Rows × axes.
    supplementary_coordinates_, supplementary_cos2_, supplementary_vtest_ : DataFrame
        Supplementary categories × axes (empty when none).
    supplementary_eta2_ : DataFrame
        Supplementary variables × axes.
    supplementary_correlations_ : DataFrame
        Quantitative supplementary variables × axes: weighted correlations.
    column_masses_ : Series
        Weighted share p_k of each active category.
    ventilated_ : dict
        Rare levels ventilated, by variable.
    total_inertia_ : float
        K/J − 1.
    """

    def __init__(
        self,
        n_components: int = 5,
        *,
        active: Sequence[str] | None = None,
        supplementary: Sequence[str] = (),
        quantitative_supplementary: Sequence[str] = (),
        level_ventil: float = 0.0,
        missing: str = "level",
        random_state: int | np.random.Generator | None = None,
    ) -> None:
        self.n_components = n_components
        self.active = active
        self.supplementary = supplementary
        self.quantitative_supplementary = quantitative_supplementary
        self.level_ventil = level_ventil
        self.missing = missing
        self.random_state = random_state

    # ------------------------------------------------------------------ validation
    def _check(self, X: Any) -> tuple[list[str], list[str]]:
        if not isinstance(X, pd.DataFrame):
            raise TypologyError("X", "a pandas DataFrame", type(X).__name__)
        if not isinstance(self.n_components, int | np.integer) or self.n_components < 1:
            raise TypologyError("n_components", "an integer >= 1", self.n_components)
        if not 0 <= float(self.level_ventil) < 1:
            raise TypologyError("level_ventil", "a share in [0, 1)", self.level_ventil)
        if self.missing not in ("level", "ventilate"):
            raise TypologyError("missing", '"level" or "ventilate"', self.missing)
        supplementary = list(self.supplementary)
        quantitative = list(self.quantitative_supplementary)
        active = (
            [c for c in X.columns if c not in supplementary and c not in quantitative]
            if self.active is None
            else list(self.active)
        )
        for name, cols in (
            ("active", active),
            ("supplementary", supplementary),
            ("quantitative_supplementary", quantitative),
        ):
            missing = [c for c in cols if c not in X.columns]
            if missing:
                raise TypologyError(name, "column names of X", missing)
        overlap = set(active) & set(supplementary)
        if overlap:
            raise TypologyError("supplementary", "variables that are not active", sorted(overlap))
        if len(active) < 1:
            raise TypologyError("active", "at least one active variable", active)
        if len(X) < 2:
            raise TypologyError("X", "at least two rows", len(X))
        return active, supplementary

    # ------------------------------------------------------------------ fit
    def fit(self, X: pd.DataFrame, y: Any = None, sample_weight: Any = None) -> MCA:
        """Compute the axes from the active variables of `X`, weighted by `sample_weight`.

        Parameters
        ----------
        X : DataFrame of shape (n_rows, n_columns)
        y : ignored
        sample_weight : array-like of shape (n_rows,), optional
            Row weights (calibration weights); default 1 for every row. Must be > 0.
        """
        active, supplementary = self._check(X)
        w = check_weights(sample_weight, len(X))
        if np.any(w <= 0):
            raise TypologyError(
                "sample_weight", "positive weights (drop rows of weight 0 first)", float(w.min())
            )
        rng = np.random.default_rng(self.random_state)
        enc = encode(
            X,
            active,
            weights=w,
            level_ventil=float(self.level_ventil),
            missing=str(self.missing),
            rng=rng,
        )
        constant = [v for v, n in zip(enc.variables, enc.n_levels, strict=True) if n < 2]
        if constant:
            raise TypologyError(
                "active", "variables with at least two levels (drop constant ones)", constant
            )
        self._fit_encoded(enc, w, X.index)
        self.active_ = active
        self.supplementary_ = supplementary
        self._fit_supplementary(X, supplementary)
        self._fit_quantitative(X, list(self.quantitative_supplementary))
        return self

    def _fit_quantitative(self, X: pd.DataFrame, columns: list[str]) -> None:
        """Weighted correlations of quantitative supplementary variables with the axes.

        Missing values are replaced by the (unweighted) mean, as FactoMineR.
        """
        w = self._weights / self._weights.sum()
        f = self.row_coordinates_.to_numpy()
        f_c = f - w @ f
        corr = np.empty((len(columns), f.shape[1]))
        for i, name in enumerate(columns):
            x = pd.to_numeric(X[name], errors="coerce").to_numpy(dtype=float)
            if not np.isfinite(x).any():
                raise TypologyError(name, "a numeric column", "no numeric value")
            x = np.where(np.isfinite(x), x, np.nanmean(x))
            x_c = x - w @ x
            cov = (w * x_c) @ f_c
            corr[i] = cov / np.sqrt((w * x_c**2).sum() * (w[:, None] * f_c**2).sum(axis=0))
        self.supplementary_correlations_ = pd.DataFrame(
            corr,
            index=pd.Index(columns, name="variable"),
            columns=_dims(self.n_components_),
        )

    def _fit_encoded(self, enc: EncodedTable, w: np.ndarray, index: pd.Index) -> None:
        n_var = len(enc.variables)
        total_w = float(w.sum())
        r = w / total_w
        gc = enc.global_codes()
        k_cat = int(enc.n_levels.sum())
        counts = np.bincount(gc.ravel(), weights=np.repeat(w, n_var), minlength=k_cat)
        p = counts / total_w
        burt = weighted_burt(enc.codes, enc.n_levels, r)
        sqrt_p = np.sqrt(p)
        sts = (burt - np.outer(p, p)) / (n_var * np.outer(sqrt_p, sqrt_p))
        evals, evecs = linalg.eigh(sts, driver="evd")
        order = np.argsort(evals)[::-1]
        evals, evecs = evals[order], evecs[:, order]
        n_nonzero = min(len(w) - 1, k_cat - n_var)
        if n_nonzero < 1:
            raise TypologyError("active", "variables with at least two levels", enc.variables)
        evals = np.clip(evals[:n_nonzero], 0.0, None)
        ncp = min(int(self.n_components), n_nonzero)
        v = evecs[:, :ncp]
        # sign convention: the largest loading of each axis is positive
        flip = np.sign(v[np.argmax(np.abs(v), axis=0), np.arange(ncp)])
        v = v * np.where(flip == 0, 1.0, flip)[None, :]
        lam = evals[:ncp]
        c = p / n_var
        g = v * np.sqrt(lam)[None, :] / np.sqrt(c)[:, None]
        f = project_codes(gc, g, lam)

        dims = _dims(ncp)
        cats = enc.category_index
        coef = (
            np.sqrt(counts * (total_w - 1) / (total_w - counts)) if total_w > 1 else np.sqrt(counts)
        )
        row_d2 = (1.0 / p)[gc].sum(axis=1) / n_var - 1.0
        var_of = np.repeat(np.arange(n_var), enc.n_levels)
        eta2 = np.zeros((n_var, ncp))
        np.add.at(eta2, var_of, p[:, None] * g**2)

        percent = evals / evals.sum() * 100
        self.eigenvalues_ = evals
        self.eig_ = pd.DataFrame(
            {
                "eigenvalue": evals,
                "percent": percent,
                "cumulative": np.cumsum(percent),
            },
            index=pd.Index(_dims(n_nonzero), name="axis"),
        )
        self.n_components_ = ncp
        self.n_rows_ = len(w)
        self.total_weight_ = total_w
        self.encoding_ = enc
        self.ventilated_ = dict(enc.ventilated)
        self.total_inertia_ = k_cat / n_var - 1.0
        self.column_masses_ = pd.Series(p, index=cats, name="mass")
        self.column_coordinates_ = pd.DataFrame(g, index=cats, columns=dims)
        self.column_contributions_ = pd.DataFrame(100 * v**2, index=cats, columns=dims)
        self.column_cos2_ = pd.DataFrame(g**2 / (1 / p - 1)[:, None], index=cats, columns=dims)
        self.column_vtest_ = pd.DataFrame(g * coef[:, None], index=cats, columns=dims)
        self.eta2_ = pd.DataFrame(
            eta2, index=pd.Index(enc.variables, name="variable"), columns=dims
        )
        self.row_coordinates_ = pd.DataFrame(f, index=index, columns=dims)
        self.row_contributions_ = pd.DataFrame(
            100 * r[:, None] * f**2 / lam[None, :], index=index, columns=dims
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            self.row_cos2_ = pd.DataFrame(f**2 / row_d2[:, None], index=index, columns=dims)
        self._weights = w

    def _fit_supplementary(self, X: pd.DataFrame, supplementary: list[str]) -> None:
        w = self._weights
        total_w = float(w.sum())
        f = self.row_coordinates_.to_numpy()
        lam = self.eigenvalues_[: self.n_components_]
        dims = _dims(self.n_components_)
        coords: list[np.ndarray] = []
        cos2: list[np.ndarray] = []
        vtest: list[np.ndarray] = []
        eta2: list[np.ndarray] = []
        keys: list[tuple[str, str]] = []
        total_ss = (w[:, None] * f**2).sum(axis=0)
        for name in supplementary:
            inv, uniq = level_codes(X[name])
            wk = np.bincount(inv, weights=w, minlength=len(uniq))
            sums = np.zeros((len(uniq), f.shape[1]))
            np.add.at(sums, inv, w[:, None] * f)
            g = sums / wk[:, None] / np.sqrt(lam)[None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                d2 = total_w / wk - 1.0
                coef = np.sqrt(wk * (total_w - 1) / (total_w - wk)) if total_w > 1 else np.sqrt(wk)
                coords.append(g)
                cos2.append(g**2 / d2[:, None])
                vtest.append(g * coef[:, None])
            eta2.append((sums**2 / wk[:, None]).sum(axis=0) / total_ss)
            keys.extend((name, str(lv)) for lv in uniq)
        index = pd.MultiIndex.from_tuples(keys, names=["variable", "level"])
        stack = (lambda xs: np.vstack(xs)) if coords else (lambda xs: np.empty((0, len(dims))))
        self.supplementary_coordinates_ = pd.DataFrame(stack(coords), index=index, columns=dims)
        self.supplementary_cos2_ = pd.DataFrame(stack(cos2), index=index, columns=dims)
        self.supplementary_vtest_ = pd.DataFrame(stack(vtest), index=index, columns=dims)
        self.supplementary_eta2_ = pd.DataFrame(
            stack(eta2), index=pd.Index(supplementary, name="variable"), columns=dims
        )

    # ------------------------------------------------------------------ companions
    def _check_fitted(self) -> None:
        if not hasattr(self, "eigenvalues_"):
            raise NotFittedError("this MCA is not fitted yet: call fit first")

    def corrected_inertia(self, method: str = "benzecri") -> pd.DataFrame:
        """Eigenvalues corrected for the inflation due to the disjunctive coding.

        Parameters
        ----------
        method : {"benzecri", "greenacre"}
            Both use ``λ̃_s = (J/(J−1))² (λ_s − 1/J)²`` for λ_s > 1/J (0 otherwise).
            ``"benzecri"`` gives percentages of Σ λ̃ (Benzécri 1979, FactoMineR's "modified
            rates"); ``"greenacre"`` gives percentages of the adjusted total inertia
            ``(J/(J−1)) (Σ_s λ_s² − (K−J)/J²)`` (Greenacre 2007, ch. 19), which do not sum to 100.

        Returns
        -------
        DataFrame with columns eigenvalue, corrected, percent, cumulative.
        """
        self._check_fitted()
        if method not in ("benzecri", "greenacre"):
            raise TypologyError("method", '"benzecri" or "greenacre"', method)
        n_var = len(self.encoding_.variables)
        k_cat = int(self.encoding_.n_levels.sum())
        lam = self.eigenvalues_
        corrected = np.where(
            lam > 1 / n_var, (n_var / (n_var - 1) * (lam - 1 / n_var)) ** 2 if n_var > 1 else 0, 0
        )
        if method == "benzecri":
            total = corrected.sum()
        else:
            total = n_var / (n_var - 1) * ((lam**2).sum() - (k_cat - n_var) / n_var**2)
        percent = 100 * corrected / total if total > 0 else np.zeros_like(lam)
        return pd.DataFrame(
            {
                "eigenvalue": lam,
                "corrected": corrected,
                "percent": percent,
                "cumulative": np.cumsum(percent),
            },
            index=self.eig_.index,
        )

    def summary(self, n_categories: int = 10, axes: int = 2) -> dict[str, pd.DataFrame]:
        """FactoMineR's ``summary.MCA`` as data: the tables a reader looks at first.

        Returns
        -------
        dict of DataFrame
            ``eig`` (eigenvalues), ``corrected`` (Benzécri), ``categories`` (the `n_categories`
            active categories contributing most to the first `axes` axes, with coordinate,
            contribution, cos² and v-test on each), ``eta2`` and ``supplementary``
            (supplementary categories: coordinate and v-test).
        """
        self._check_fitted()
        dims = _dims(min(axes, self.n_components_))
        ctr = self.column_contributions_[dims]
        top = ctr.max(axis=1).sort_values(ascending=False).index[:n_categories]
        parts = {
            "coord": self.column_coordinates_,
            "ctr": self.column_contributions_,
            "cos2": self.column_cos2_,
            "v_test": self.column_vtest_,
        }
        categories = pd.concat({k: v.loc[top, dims] for k, v in parts.items()}, axis=1)
        supplementary = pd.concat(
            {
                "coord": self.supplementary_coordinates_[dims],
                "v_test": self.supplementary_vtest_[dims],
            },
            axis=1,
        )
        return {
            "eig": self.eig_,
            "corrected": self.corrected_inertia("benzecri"),
            "categories": categories.swaplevel(axis=1).sort_index(axis=1, level=0),
            "eta2": self.eta2_[dims],
            "supplementary": supplementary.swaplevel(axis=1).sort_index(axis=1, level=0),
        }

    def category_codes(self, X: pd.DataFrame) -> np.ndarray:
        """Column index of each row's active category, -1 when unknown or ventilated."""
        self._check_fitted()
        missing = [c for c in self.active_ if c not in X.columns]
        if missing:
            raise TypologyError("X", f"the active columns {self.active_}", f"missing {missing}")
        enc = self.encoding_
        codes = np.full((len(X), len(enc.variables)), -1, dtype=np.int64)
        for j, (name, lvls, off) in enumerate(
            zip(enc.variables, enc.levels, enc.offsets, strict=True)
        ):
            codes[:, j] = map_levels(X[name], lvls, int(off))[0]
        return codes

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Coordinates of rows of `X` projected as supplementary individuals.

        A level unseen at fit time, or ventilated, is placed at the centre of its variable
        (contributes 0), the expectation of FactoMineR's random ventilation.
        """
        codes = self.category_codes(X)
        f = project_codes(
            codes, self.column_coordinates_.to_numpy(), self.eigenvalues_[: self.n_components_]
        )
        return pd.DataFrame(f, index=X.index, columns=_dims(self.n_components_))

    def supplementary_rows(self, X: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Coordinates and squared cosines of new rows (FactoMineR's ``ind.sup``).

        The squared distance of a row profile to the centroid is
        ``d² = Σ_k (z_ik/J − c_k)² / c_k = (1/J) Σ_{k ∈ i} 1/p_k − 2 J_i/J + 1``, J_i the number of
        its levels known to the model (J_i = J for complete rows).
        """
        codes = self.category_codes(X)
        coords = self.transform(X)
        inv_p = np.append(1.0 / self.column_masses_.to_numpy(), 0.0)
        known = codes >= 0
        n_var = codes.shape[1]
        d2 = (
            inv_p[np.where(known, codes, -1)].sum(axis=1) / n_var
            - 2 * known.sum(axis=1) / n_var
            + 1
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            cos2 = coords.to_numpy() ** 2 / d2[:, None]
        return coords, pd.DataFrame(cos2, index=coords.index, columns=coords.columns)

    def fit_transform(
        self, X: pd.DataFrame, y: Any = None, sample_weight: Any = None
    ) -> pd.DataFrame:
        """Fit and return the row coordinates."""
        return self.fit(X, sample_weight=sample_weight).row_coordinates_
