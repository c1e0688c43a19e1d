# Golden values for phare.stats.comparisons, computed with R `survey`.
#
# Run from this directory:   Rscript comparisons.R      (writes comparisons.json)
#
# 1. Difference of two domain proportions: svyby(..., covmat = TRUE) then svycontrast(),
#    so the covariance between the two domain estimates is included (it is not zero when
#    clusters or calibration span the domains).
# 2. Rao-Scott adjusted chi-square for a two-way table: svychisq(statistic = "Chisq")
#    (first-order correction) and svychisq(statistic = "F") (second-order, Satterthwaite F).
# On a Taylor (linearisation) design and on a jackknife replicate design, for the
# domain-proportion and chi-square statistics.
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
  df$yes <- as.numeric(df$sch.wide == "Yes")
  df$api3 <- cut(df$api00, c(0, 600, 750, 1000), labels = c("low", "mid", "high"))
  df
}
apistrat <- read_api("apistrat")
apiclus1 <- read_api("apiclus1")

difference <- function(d, a, b) {
  by <- svyby(~yes, ~stype, d, svymean, covmat = TRUE)
  w <- setNames(numeric(3), c("E", "H", "M"))
  w[a] <- 1
  w[b] <- -1
  ct <- svycontrast(by, w)
  list(domain_variable = "stype", variable = "yes", level_a = a, level_b = b,
       proportions = unname(coef(by)), se = unname(SE(by)),
       vcov = unname(vcov(by)),
       difference = unname(coef(ct)), difference_se = as.vector(SE(ct)),
       degf = degf(d))
}

# svyby(covmat = TRUE) fails on a calibrated Taylor design in survey 4.1; the saturated
# svyglm(yes ~ stype) gives the same difference and linearised SE (checked equal to
# svycontrast on the uncalibrated design) and accounts for the calibration.
difference_glm <- function(d, a, b) {
  d <- update(d, stype_b = relevel(stype, ref = b))
  fit <- svyglm(yes ~ stype_b, d)
  by <- svyby(~yes, ~stype, d, svymean)
  coef_name <- paste0("stype_b", a)
  list(domain_variable = "stype", variable = "yes", level_a = a, level_b = b,
       proportions = unname(coef(by)), se = unname(SE(by)),
       difference = unname(coef(fit)[coef_name]), difference_se = unname(SE(fit)[coef_name]),
       degf = degf(d), route = "svyglm")
}

chisq <- function(d, formula) {
  first <- svychisq(formula, d, statistic = "Chisq")
  second <- svychisq(formula, d, statistic = "F")
  list(formula = deparse(formula),
       chisq = list(statistic = unname(first$statistic), df = unname(first$parameter),
                    p_value = unname(first$p.value)),
       f = list(statistic = unname(second$statistic), ndf = unname(second$parameter[1]),
                ddf = unname(second$parameter[2]), p_value = unname(second$p.value)))
}

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
rclus1 <- as.svrepdesign(dclus1, type = "JK1")
pop_raking <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122)
kclus1 <- calibrate(dclus1, ~stype + sch.wide, population = pop_raking, calfun = "raking",
                    epsilon = 1e-13, maxit = 500)

cases <- list(
  taylor_apistrat = list(
    data = "apistrat", design = "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)",
    difference = difference(dstrat, "E", "H"),
    chisq = list(chisq(dstrat, ~sch.wide + stype), chisq(dstrat, ~api3 + awards))),
  taylor_apiclus1 = list(
    data = "apiclus1", design = "svydesign(id=~dnum, weights=~pw, fpc=~fpc)",
    difference = difference(dclus1, "E", "M"),
    chisq = list(chisq(dclus1, ~sch.wide + stype), chisq(dclus1, ~api3 + stype))),
  raked_apiclus1 = list(
    data = "apiclus1",
    design = "calibrate(svydesign(id=~dnum, weights=~pw, fpc=~fpc), ~stype + sch.wide, calfun='raking')",
    difference = difference_glm(kclus1, "E", "M"),
    chisq = list(chisq(kclus1, ~api3 + stype), chisq(kclus1, ~api3 + awards))),
  jk1_apiclus1 = list(
    data = "apiclus1", design = "as.svrepdesign(svydesign(id=~dnum, weights=~pw, fpc=~fpc), type='JK1')",
    difference = difference(rclus1, "E", "M"),
    chisq = list(chisq(rclus1, ~sch.wide + stype), chisq(rclus1, ~api3 + stype)))
)

golden <- list(
  generated_by = "tests/reference/survey_variance/comparisons.R",
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  session_info = capture.output(sessionInfo()),
  cases = cases
)
write_json(golden, "comparisons.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
