# Golden values of R survey for phare.stats calibration and Taylor variances after calibration.
# Run from this directory:  Rscript calibration.R   (writes calibration.json)
# Cases: calibrate(calfun = "linear" / "raking" / "logit", bounds, trim) on R's own example
# (apiclus1 calibrated to apipop totals), rake(), postStratify(), trimWeights(), and raking /
# logit calibration of frame_sample.csv to frame_margins.csv. Each case stores the calibrated
# weights and estimates with Taylor SEs (residuals of the calibration, svyrecvar).
# Convergence is pushed to epsilon = 1e-13 (calibrate) and 1e-13 (rake) so that both sides reach
# the exact solution.
source("helpers.R")

apipop <- read_data("apipop")
counts <- function(x) as.list(table(x))
pop_stype <- counts(apipop$stype)
pop_schwide <- counts(apipop$sch.wide)
api99_total <- sum(apipop$api99)

fm <- read.csv("frame_margins.csv", colClasses = c(level = "character"))
frame_margin <- function(v) { m <- fm[fm$variable == v, ]; as.list(setNames(m$total, m$level)) }

C1 <- list(weights = "pw", ids = "dnum", fpc = "fpc")
FR <- list(weights = "w", strata = "strate", fpc = "N_h")

cal <- function(method, margins, bounds = NULL, trim = NULL)
  list(kind = "calibrate", method = method, margins = margins, bounds = bounds, trim = trim)

with_stats <- function(prefix, data, design, calibration, stats) {
  lapply(seq_along(stats), function(i) {
    s <- stats[[i]]
    list(id = paste(prefix, s$name, sep = "_"), data = data, design = design,
         calibration = calibration, statistic = s$statistic, variables = s$variables,
         by = s$by, ci_method = if (is.null(s$ci_method)) "wald" else s$ci_method,
         na_rm = isTRUE(s$na_rm), level = 0.95)
  })
}
st <- function(name, statistic, variables, by = NULL, ci_method = NULL, na_rm = FALSE)
  list(name = name, statistic = statistic, variables = variables, by = by, ci_method = ci_method, na_rm = na_rm)

api_stats <- list(
  st("mean", "mean", c("api00", "api99", "enroll")),
  st("total_by", "total", "enroll", by = "sch.wide"),
  st("mean_by", "mean", "api00", by = "stype"),
  st("prop_logit_by", "proportion", "awards", by = "stype", ci_method = "logit")
)
frame_stats <- list(
  st("mean_by", "mean", c("age", "budget"), by = "region", na_rm = TRUE),
  st("total", "total", "budget"),
  st("prop_logit_by", "proportion", "confiance", by = "taille", ci_method = "logit", na_rm = TRUE),
  st("factor_mean", "mean", "satisfait")
)

m_stype_api99 <- list(stype = pop_stype, api99 = api99_total)
m_margins <- list(stype = pop_stype, sch.wide = pop_schwide)
m_frame <- list(region = frame_margin("region"), taille = frame_margin("taille"))

cases <- c(
  with_stats("linear_stype", "apiclus1", C1, cal("linear", list(stype = pop_stype)), api_stats),
  with_stats("linear_stype_api99", "apiclus1", C1, cal("linear", m_stype_api99), api_stats),
  with_stats("linear_bounded", "apiclus1", C1, cal("linear", m_stype_api99, bounds = c(0.6, 1.6)), api_stats),
  with_stats("raking_stype_api99", "apiclus1", C1, cal("raking", m_stype_api99), api_stats),
  with_stats("logit_stype_api99", "apiclus1", C1, cal("logit", m_stype_api99, bounds = c(0.7, 1.7)), api_stats),
  with_stats("raking_margins", "apiclus1", C1, cal("raking", m_margins), api_stats),
  with_stats("raking_trim", "apiclus1", C1, cal("raking", m_stype_api99, trim = c(0.6, 1.8)), api_stats[1:2]),
  with_stats("rake", "apiclus1", C1, list(kind = "rake", margins = m_margins), api_stats),
  with_stats("post_stratify", "apiclus1", C1, list(kind = "post_stratify", margins = list(stype = pop_stype)), api_stats),
  with_stats("trim_weights", "apiclus1", C1,
             list(kind = "trim_weights", lower = 20, upper = 50, strict = FALSE,
                  then = cal("linear", m_stype_api99)), api_stats[1:2]),
  with_stats("frame_raking", "frame_sample", FR, cal("raking", m_frame), frame_stats),
  with_stats("frame_logit", "frame_sample", FR, cal("logit", m_frame, bounds = c(0.5, 1.8)), frame_stats),
  with_stats("frame_linear", "frame_sample", FR, cal("linear", m_frame), frame_stats[1:2])
)
write_cases(cases, "calibration.json", "tests/reference/survey_core/calibration.R")
