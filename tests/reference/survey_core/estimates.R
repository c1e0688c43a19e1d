# Golden values of R survey for phare.stats estimators on uncalibrated designs.
# Run from this directory:  Rscript estimates.R   (writes estimates.json, lonely_sample.csv)
# Cases: svymean / svytotal / svyratio (numeric and factor variables, whole population and svyby
# domains, deff=TRUE, confint with normal quantiles), svyciprop(method = "logit" / "beta") per level and
# domain (df = degf of the domain), lonely PSU policies, on R's api data and frame_sample.csv.
source("helpers.R")

# apiclus1 with an extra stratification where stratum C holds a single PSU (district)
clus1 <- read_data("apiclus1")
districts <- sort(unique(clus1$dnum))
clus1$lstr <- ifelse(clus1$dnum %in% districts[1:7], "A", ifelse(clus1$dnum %in% districts[8:14], "B", "C"))
write.csv(clus1, "lonely_sample.csv", row.names = FALSE, na = "")

S <- list(weights = "pw", strata = "stype", fpc = "fpc")
S0 <- list(weights = "pw", strata = "stype")
C1 <- list(weights = "pw", ids = "dnum", fpc = "fpc")
SRS <- list(fpc = "fpc")
C2 <- list(weights = "pw", ids = c("dnum", "snum"))
FR <- list(weights = "w", strata = "strate", fpc = "N_h")
L <- function(policy, fpc = NULL) list(weights = "pw", ids = "dnum", strata = "lstr", fpc = fpc, lonely_psu = policy)

case <- function(id, data, design, statistic, variables, by = NULL, ci_method = "wald", na_rm = FALSE, level = 0.95,
                 denominator = NULL)
  list(id = id, data = data, design = design, statistic = statistic, variables = variables,
       by = by, ci_method = ci_method, na_rm = na_rm, level = level, denominator = denominator)

cases <- list(
  case("strat_mean", "apistrat", S, "mean", c("api00", "api99", "enroll")),
  case("strat_mean_by_awards", "apistrat", S, "mean", c("api00", "enroll"), by = "awards"),
  case("strat_mean_by_two", "apistrat", S, "mean", "api00", by = c("stype", "sch.wide")),
  case("strat_total", "apistrat", S, "total", c("enroll", "api00")),
  case("strat_total_by_awards", "apistrat", S, "total", "enroll", by = "awards"),
  case("strat_factor_mean", "apistrat", S, "mean", c("awards", "stype")),
  case("strat_factor_mean_by", "apistrat", S, "mean", "awards", by = "sch.wide"),
  case("strat_factor_total_by", "apistrat", S, "total", "awards", by = "stype"),
  case("strat_prop_logit_by", "apistrat", S, "proportion", c("awards", "yr.rnd"), by = "stype", ci_method = "logit"),
  case("strat_prop_beta_by", "apistrat", S, "proportion", "awards", by = "stype", ci_method = "beta"),
  case("strat_prop_logit_90", "apistrat", S, "proportion", "sch.wide", ci_method = "logit", level = 0.9),
  case("strat_prop_wald", "apistrat", S, "proportion", "awards", by = "sch.wide", ci_method = "wald"),
  case("strat_nofpc_mean_by", "apistrat", S0, "mean", "api00", by = "awards"),
  case("clus1_mean", "apiclus1", C1, "mean", c("api00", "api99")),
  case("clus1_total_by_stype", "apiclus1", C1, "total", "enroll", by = "stype"),
  case("clus1_factor_mean", "apiclus1", C1, "mean", "stype"),
  case("clus1_prop_logit_by", "apiclus1", C1, "proportion", "sch.wide", by = "stype", ci_method = "logit"),
  case("clus1_prop_beta_by", "apiclus1", C1, "proportion", "sch.wide", by = "stype", ci_method = "beta"),
  case("clus1_prop_beta", "apiclus1", C1, "proportion", "awards", ci_method = "beta"),
  case("srs_mean_total", "apisrs", SRS, "mean", c("api00", "enroll")),
  case("srs_total_by", "apisrs", SRS, "total", "enroll", by = "stype"),
  case("clus2_mean_by", "apiclus2", C2, "mean", "api00", by = "stype"),
  case("clus2_mean_na", "apiclus2", C2, "mean", "acs.k3", na_rm = TRUE),
  case("clus2_total_na_by", "apiclus2", C2, "total", "acs.k3", by = "stype", na_rm = TRUE),
  case("lonely_remove", "lonely_sample", L("remove"), "mean", "api00", by = "stype"),
  case("lonely_certainty", "lonely_sample", L("certainty"), "total", "enroll"),
  case("lonely_adjust", "lonely_sample", L("adjust"), "mean", "api00", by = "stype"),
  case("lonely_adjust_total", "lonely_sample", L("adjust"), "total", "enroll"),
  case("lonely_adjust_fpc", "lonely_sample", L("adjust", "fpc"), "total", "enroll", by = "stype"),
  case("lonely_certainty_fpc", "lonely_sample", L("certainty", "fpc"), "mean", "api00"),
  case("frame_mean_na_by_region", "frame_sample", FR, "mean", c("age", "budget"), by = "region", na_rm = TRUE),
  case("frame_total_by_taille", "frame_sample", FR, "total", "budget", by = "taille"),
  case("frame_prop_logit_na_by", "frame_sample", FR, "proportion", "confiance", by = "region", ci_method = "logit", na_rm = TRUE),
  case("frame_prop_beta_by", "frame_sample", FR, "proportion", "satisfait", by = "taille", ci_method = "beta"),
  case("frame_factor_mean_na", "frame_sample", FR, "mean", "confiance", na_rm = TRUE),
  case("strat_ratio", "apistrat", S, "ratio", c("api00", "enroll"), denominator = "api99"),
  case("clus1_ratio_by", "apiclus1", C1, "ratio", "api00", by = "stype", denominator = "api99"),
  case("clus2_ratio_na", "apiclus2", C2, "ratio", "acs.k3", denominator = "enroll", na_rm = TRUE),
  case("frame_ratio_na_by", "frame_sample", FR, "ratio", "budget", by = "taille", denominator = "age", na_rm = TRUE)
)
write_cases(cases, "estimates.json", "tests/reference/survey_core/estimates.R")

# R refuses a lonely PSU under the "fail" policy: record it for the error test
options(survey.lonely.psu = "fail")
msg <- tryCatch({ svymean(~api00, make_design(read_data("lonely_sample"), L("fail"))); "no error" },
                error = function(e) conditionMessage(e))
writeLines(msg, "lonely_fail_message.txt")
