# Golden values for phare.stats.replicates, computed with R `survey`.
#
# Run from this directory:   Rscript replicates.R      (writes replicates.json)
#
# Input: the CSV export of R's `api` data in tests/data/api/ (read back here, so R and phare
# see exactly the same numbers). For each case the script records the replicate-weight
# design (adjustment factors `repweights`, n x R, relative to the sampling weights `pweights`;
# `scale`, `rscales`, `mse`), then estimates and SEs, plain and after calibration of the
# replicate design (calibrate() on a svyrep.design recalibrates every replicate).
# Bootstrap replicates are random: phare is checked on R's own matrix. Jackknife replicates
# are deterministic: phare's generator is checked against R directly.
# Calibration runs with epsilon = 1e-13 so that R's weights are converged well below the
# 1e-8 relative tolerance of the tests.
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(survey.replicates.mse = FALSE, survey.lonely.psu = "fail")

read_api <- function(name) {
  df <- read.csv(file.path("..", "..", "data", "api", paste0(name, ".csv")),
                 stringsAsFactors = FALSE)
  df$stype <- factor(df$stype)
  df$sch.wide <- factor(df$sch.wide)
  df$awards <- factor(df$awards)
  df
}
apistrat <- read_api("apistrat")
apiclus1 <- read_api("apiclus1")
apiclus2 <- read_api("apiclus2")
apipop <- read_api("apipop")

pop_stype <- table(apipop$stype)
pop_sch <- table(apipop$sch.wide)
pop_raking <- c(`(Intercept)` = nrow(apipop), stypeH = pop_stype[["H"]],
                stypeM = pop_stype[["M"]], sch.wideYes = pop_sch[["Yes"]])
pop_linear <- c(`(Intercept)` = nrow(apipop), stypeH = pop_stype[["H"]],
                stypeM = pop_stype[["M"]], api99 = sum(apipop$api99))

est <- function(x) list(names = names(coef(x)), estimate = unname(coef(x)),
                        se = as.vector(as.matrix(SE(x))))

estimates <- function(d) {
  list(
    mean_api00 = est(svymean(~api00, d)),
    total_enroll = est(svytotal(~enroll, d)),
    prop_sch_wide = est(svymean(~sch.wide, d)),
    domain_mean_api00 = est(svyby(~api00, ~stype, d, svymean)),
    domain_prop_sch_wide = est(svyby(~sch.wide, ~stype, d, svymean))
  )
}

calibrated <- function(r) {
  raked <- calibrate(r, ~stype + sch.wide, population = pop_raking, calfun = "raking",
                     compress = FALSE, epsilon = 1e-13, maxit = 500)
  linear <- calibrate(r, ~stype + api99, population = pop_linear, calfun = "linear",
                   compress = FALSE)
  logit <- calibrate(r, ~stype + sch.wide, population = pop_raking, calfun = "logit", compress = FALSE,
                     bounds = c(0.5, 2.5), epsilon = 1e-13, maxit = 500)
  list(
    raking = list(formula = "~stype + sch.wide", population = as.list(pop_raking),
                  estimates = estimates(raked)),
    linear = list(formula = "~stype + api99", population = as.list(pop_linear),
                  estimates = estimates(linear)),
    logit = list(formula = "~stype + sch.wide", population = as.list(pop_raking),
                 bounds = c(0.5, 2.5), estimates = estimates(logit))
  )
}

record <- function(data_name, design_call, r, keep_matrix = TRUE) {
  out <- list(
    data = data_name,
    design = design_call,
    type = r$type,
    n = nrow(r$variables),
    replicates = ncol(as.matrix(r$repweights)),
    pweights = unname(r$pweights),
    scale = unname(r$scale),
    rscales = unname(r$rscales),
    mse = r$mse,
    degf = degf(r),
    estimates = estimates(r),
    calibrated = calibrated(r)
  )
  if (keep_matrix) out$repweights <- unname(as.matrix(r$repweights))
  out
}

cases <- list()

# Jackknife, deterministic: phare's own generator must reproduce these to 1e-8.
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
cases$jk1_apiclus1 <- record("apiclus1", "svydesign(id=~dnum, weights=~pw, fpc=~fpc)",
                             as.svrepdesign(dclus1, type = "JK1"))
dclus1_nofpc <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
cases$jk1_apiclus1_nofpc <- record("apiclus1", "svydesign(id=~dnum, weights=~pw)",
                                   as.svrepdesign(dclus1_nofpc, type = "JK1"))
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
cases$jkn_apistrat <- record("apistrat",
                             "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                             as.svrepdesign(dstrat, type = "JKn"), keep_matrix = FALSE)

# A stratum sampled exhaustively (H: 50 of 50) contributes no jackknife replicate.
apistrat_census <- apistrat
apistrat_census$fpc[apistrat_census$stype == "H"] <- sum(apistrat_census$stype == "H")
dcensus <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat_census)
cases$jkn_apistrat_census <- record("apistrat_census",
                                    "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                                    as.svrepdesign(dcensus, type = "JKn"), keep_matrix = FALSE)

# Bootstrap, random: the matrix is exported and phare is given the same replicate weights.
set.seed(20170601)
cases$bootstrap_apistrat <- record("apistrat",
                                   "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                                   as.svrepdesign(dstrat, type = "bootstrap", replicates = 20))
set.seed(20170602)
cases$subbootstrap_apistrat <- record("apistrat",
                                      "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                                      as.svrepdesign(dstrat, type = "subbootstrap",
                                                     replicates = 20))
set.seed(20170603)
cases$mrbbootstrap_apistrat <- record("apistrat",
                                      "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                                      as.svrepdesign(dstrat, type = "mrbbootstrap",
                                                     replicates = 20))
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
set.seed(20170604)
r2 <- as.svrepdesign(dclus2, type = "mrbbootstrap", replicates = 20)
cases$mrbbootstrap_apiclus2 <- list(
  data = "apiclus2",
  design = "svydesign(id=~dnum+snum, fpc=~fpc1+fpc2)",
  type = r2$type, n = nrow(r2$variables), replicates = ncol(as.matrix(r2$repweights)),
  pweights = unname(r2$pweights), scale = unname(r2$scale), rscales = unname(r2$rscales),
  mse = r2$mse, degf = degf(r2),
  estimates = list(mean_api00 = est(svymean(~api00, r2)),
                   domain_mean_api00 = est(svyby(~api00, ~stype, r2, svymean))),
  repweights = unname(as.matrix(r2$repweights))
)
# The same replicate weights with mse = TRUE (deviations around the full-sample estimate).
r_mse <- as.svrepdesign(dstrat, type = "JKn", mse = TRUE)
cases$jkn_apistrat_mse <- record("apistrat",
                                 "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
                                 r_mse, keep_matrix = FALSE)

golden <- list(
  generated_by = "tests/reference/survey_variance/replicates.R",
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  session_info = capture.output(sessionInfo()),
  cases = cases
)
write_json(golden, "replicates.json", digits = NA, auto_unbox = TRUE, pretty = FALSE)
