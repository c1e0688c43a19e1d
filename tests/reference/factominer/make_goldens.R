# Golden values for phare.typology, computed with FactoMineR 2.7 on FactoMineR's own
# example data (tea, poison), read from the CSV files committed in tests/data/factominer/.
# Run from this directory:  Rscript make_goldens.R
# Writes one JSON file per case; tests/typology/test_golden_factominer.py reads them and
# FAILS when one is missing.
suppressMessages({
  library(FactoMineR)
  library(jsonlite)
})
data_dir <- file.path("..", "..", "data", "factominer")
tea <- read.csv(file.path(data_dir, "tea.csv"), stringsAsFactors = TRUE, check.names = FALSE)
poison <- read.csv(file.path(data_dir, "poison.csv"), stringsAsFactors = TRUE, check.names = FALSE)

versions <- list(
  R = R.version.string,
  FactoMineR = as.character(packageVersion("FactoMineR")),
  jsonlite = as.character(packageVersion("jsonlite"))
)

# Levels of each variable in the order of the rows of res$var (FactoMineR prefixes levels
# with the variable name when two variables share a level; we keep the raw level).
levels_table <- function(df, cols) {
  data.frame(
    variable = rep(names(df)[cols], sapply(df[, cols, drop = FALSE], nlevels)),
    level = unlist(lapply(df[, cols, drop = FALSE], levels)),
    stringsAsFactors = FALSE
  )
}

mat <- function(m) unname(as.matrix(m))

catdes_table <- function(desc) {
  out <- list()
  for (cl in names(desc$category)) {
    m <- desc$category[[cl]]
    if (is.null(m)) next
    m <- as.matrix(m)
    key <- rownames(m)
    out[[cl]] <- list(
      key = key,
      cla_mod = unname(m[, "Cla/Mod"]), mod_cla = unname(m[, "Mod/Cla"]),
      global = unname(m[, "Global"]), p_value = unname(m[, "p.value"]),
      v_test = unname(m[, "v.test"])
    )
  }
  out
}

mca_case <- function(name, df, active, quali_sup = NULL, row_w = NULL, ncp = 5,
                     hcpc = TRUE, level_ventil = 0, seed = NULL, quanti_sup = NULL,
                     ind_sup = NULL) {
  X <- df[, c(active, quali_sup, quanti_sup), drop = FALSE]
  qs <- if (is.null(quali_sup)) NULL else length(active) + seq_along(quali_sup)
  qn <- if (is.null(quanti_sup)) NULL else length(active) + length(quali_sup) + seq_along(quanti_sup)
  if (!is.null(seed)) set.seed(seed)
  res <- MCA(X, ncp = ncp, quali.sup = qs, quanti.sup = qn, row.w = row_w, graph = FALSE,
             level.ventil = level_ventil, ind.sup = ind_sup)
  act <- res$call$X[setdiff(seq_len(nrow(X)), ind_sup), seq_along(active), drop = FALSE]
  lv <- levels_table(act, seq_along(active))
  out <- list(
    case = name, versions = versions,
    call = list(active = active, quali_sup = quali_sup, quanti_sup = quanti_sup, ncp = ncp,
                level_ventil = level_ventil, weighted = !is.null(row_w)),
    row_w = if (is.null(row_w)) NULL else row_w,
    eig = mat(res$eig),
    var = list(variable = lv$variable, level = lv$level,
               coord = mat(res$var$coord), contrib = mat(res$var$contrib),
               cos2 = mat(res$var$cos2), v_test = mat(res$var$v.test),
               eta2 = mat(res$var$eta2), eta2_variable = rownames(res$var$eta2)),
    ind = list(coord = mat(res$ind$coord), contrib = mat(res$ind$contrib),
               cos2 = mat(res$ind$cos2))
  )
  if (level_ventil > 0) {
    # the ventilated data (random reassignment of rare levels, R's RNG): Python refits on it
    out$ventilated <- lapply(act, as.character)
  }
  if (!is.null(quali_sup)) {
    sup <- res$call$X[, qs, drop = FALSE]
    ls <- levels_table(sup, seq_along(qs))
    out$quali_sup <- list(variable = ls$variable, level = ls$level,
                          coord = mat(res$quali.sup$coord), cos2 = mat(res$quali.sup$cos2),
                          v_test = mat(res$quali.sup$v.test), eta2 = mat(res$quali.sup$eta2))
  }
  if (!is.null(ind_sup)) {
    out$ind_sup <- list(rows = ind_sup, coord = mat(res$ind.sup$coord),
                        cos2 = mat(res$ind.sup$cos2))
  }
  if (!is.null(quanti_sup)) {
    out$quanti_sup <- list(variable = rownames(res$quanti.sup$coord),
                           coord = mat(res$quanti.sup$coord))
  }
  if (hcpc) {
    for (k in c(-1, 4)) for (consol in c(FALSE, TRUE)) {
      h <- HCPC(res, nb.clust = k, consol = consol, graph = FALSE)
      cl <- h$data.clust[rownames(res$ind$coord), "clust"]
      t <- h$call$t
      item <- list(
        nb_clust = t$nb.clust, min = h$call$min, max = h$call$max,
        inert_gain = unname(t$inert.gain[1:20]), within = unname(t$within[1:20]),
        quot = unname(t$quot),
        clust = as.integer(cl),
        catdes = catdes_table(h$desc.var),
        test_chi2_variable = rownames(h$desc.var$test.chi2),
        test_chi2 = mat(h$desc.var$test.chi2),
        desc_axes = lapply(h$desc.axes$quanti, function(m) {
          if (is.null(m)) return(NULL)
          list(axis = rownames(m), v_test = unname(m[, "v.test"]),
               mean_in_cluster = unname(m[, "Mean in category"]),
               p_value = unname(m[, "p.value"]))
        }),
        paragons = lapply(h$desc.ind$para, function(d) as.integer(names(d))),
        paragon_distances = lapply(h$desc.ind$para, function(d) unname(as.numeric(d)))
      )
      key <- paste0("hcpc", if (k > 0) paste0("_k", k) else "", if (consol) "_consol" else "")
      out[[key]] <- item
    }
  }
  write(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE),
        paste0(name, ".json"))
  invisible(out)
}

# 1. poison: 11 active symptoms/foods, Sick and Sex supplementary (FactoMineR's example).
mca_case("poison", poison, active = 5:15, quali_sup = 3:4)
# 2. tea: 18 active variables, age quantitative supplementary, 17 categorical supplementary
#    (FactoMineR's example: MCA(tea, quanti.sup = 19, quali.sup = 20:36)).
mca_case("tea", tea, active = 1:18, quali_sup = 20:36, quanti_sup = 19)
# 3. tea with row weights (deterministic, 0.5 .. 2.5).
w <- 0.5 + ((seq_len(nrow(tea)) * 7) %% 11) / 5
mca_case("tea_weighted", tea, active = 1:18, quali_sup = c(20, 22), row_w = w, quanti_sup = 19)
# 4. tea with rare levels ventilated (level.ventil = 0.05); R's random draws are exported.
mca_case("tea_ventil", tea, active = 1:18, level_ventil = 0.05, seed = 20171, hcpc = FALSE)

# 5. tea with its last 20 rows as supplementary individuals (projection of new respondents).
mca_case("tea_indsup", tea, active = 1:18, ind_sup = 281:300, hcpc = FALSE)

# 6. catdes with a quantitative variable and row weights: tea's age, sex and Tea by SPC.
d <- tea[, c("age", "sex", "Tea", "SPC")]
cd <- catdes(d, num.var = 4, row.w = w, proba = 0.05)
quanti <- list()
for (cl in names(cd$quanti)) {
  m <- cd$quanti[[cl]]
  if (is.null(m)) next
  quanti[[cl]] <- list(variable = rownames(m), v_test = unname(m[, "v.test"]),
                       mean_in_cluster = unname(m[, "Mean in category"]),
                       overall_mean = unname(m[, "Overall mean"]),
                       sd_in_cluster = unname(m[, "sd in category"]),
                       overall_sd = unname(m[, "Overall sd"]), p_value = unname(m[, "p.value"]))
}
out <- list(case = "catdes_weighted", versions = versions, row_w = w,
            quanti = quanti, quanti_var = list(variable = rownames(cd$quanti.var),
                                               eta2 = unname(cd$quanti.var[, "Eta2"]),
                                               p_value = unname(cd$quanti.var[, "P-value"])),
            category = catdes_table(cd))
write(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null"),
      "catdes_weighted.json")
