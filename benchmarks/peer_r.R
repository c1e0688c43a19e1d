# Run one benchmark task with R `survey` and print the timings as JSON (see run.py).
#
# Usage: Rscript peer_r.R <rake|taylor|bootstrap> <sample.csv> <margins.json> <repeats> <replicates>
# In-process time: elapsed time of the call only (the design is built before), from
# system.time(); run.py measures the whole process around a run with one repeat.
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
task <- args[1]
data <- read.csv(args[2], colClasses = c(region = "character"))
margins <- fromJSON(args[3])
repeats <- as.integer(args[4])
replicates <- as.integer(args[5])
outcomes <- sprintf("y%02d", 1:16)
tol <- 1e-8

population <- lapply(names(margins), function(name) {
  m <- margins[[name]]
  df <- data.frame(names(m), unlist(m), stringsAsFactors = FALSE)
  names(df) <- c(name, "Freq")
  df
})
sample_margins <- lapply(names(margins), function(name) as.formula(paste0("~", name)))
control <- list(maxit = 100, epsilon = tol, verbose = FALSE)

design <- svydesign(ids = ~1, strata = ~taille, weights = ~w, fpc = ~fpc, data = data)
# calibrate(calfun = "raking") for the tables: the same raking weights, with the calibration
# residuals in the variance (rake() keeps iterated post-strata, much slower to linearise)
cal_formula <- as.formula(paste("~", paste(names(margins), collapse = "+")))
cal_names <- colnames(model.matrix(cal_formula, data[1:min(nrow(data), 5000), ]))
total <- sum(unlist(margins[[1]]))
cal_population <- sapply(cal_names, function(nm) {
  if (nm == "(Intercept)") return(total)
  for (v in names(margins)) {
    if (startsWith(nm, v)) {
      level <- substring(nm, nchar(v) + 1)
      if (level %in% names(margins[[v]])) return(margins[[v]][[level]])
    }
  }
  stop("no population total for ", nm)
})
calibrated <- function(d) {
  calibrate(d, cal_formula, population = cal_population, calfun = "raking", epsilon = tol,
            maxit = 100)
}
times <- numeric(0)
check <- list()
timed <- function(expr) {
  elapsed <- system.time(value <- force(expr))[["elapsed"]]
  times <<- c(times, elapsed)
  value
}
formula_y <- as.formula(paste("~", paste(outcomes, collapse = "+")))
if (task == "rake") {
  for (i in seq_len(repeats)) raked <- timed(rake(design, sample_margins, population, control = control))
  check$sum_weights <- sum(weights(raked))
} else if (task == "taylor") {
  raked <- calibrated(design)
  for (i in seq_len(repeats)) est <- timed(svyby(formula_y, ~region, raked, svymean))
  check$se_y01 <- unname(SE(est)[, 1])
} else {
  for (i in seq_len(repeats)) {
    est <- timed({
      rep <- as.svrepdesign(design, type = "bootstrap", replicates = replicates)
      raked <- calibrated(rep)
      svyby(formula_y, ~region, raked, svymean)
    })
  }
  check$se_y01 <- unname(SE(est)[, 1])
}
cat(toJSON(list(peer = "R survey", task = task, n = nrow(data), times = times, check = check,
                version = as.character(packageVersion("survey"))), auto_unbox = TRUE, digits = NA))
cat("\n")
