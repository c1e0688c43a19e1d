# Helpers shared by the golden scripts of tests/reference/survey_core/.
# Each case is self-describing (data, design, calibration, statistic, variables, by, options)
# so the Python test rebuilds it from the JSON and compares row by row.
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)

api_dir <- file.path("..", "..", "data", "api")
read_data <- function(name) {
  path <- if (startsWith(name, "api")) file.path(api_dir, paste0(name, ".csv")) else paste0(name, ".csv")
  if (name == "frame_sample") return(read.csv(path, stringsAsFactors = TRUE, na.strings = c("NA", ""), colClasses = c(region = "factor")))
  read.csv(path, stringsAsFactors = TRUE, na.strings = c("NA", ""))
}

fml <- function(x) {
  if (is.null(x) || length(x) == 0) return(NULL)
  as.formula(paste("~", paste(sprintf("`%s`", x), collapse = "+")))
}

make_design <- function(data, d) {
  ids <- if (is.null(d$ids) || length(d$ids) == 0) ~1 else fml(d$ids)
  svydesign(ids = ids, strata = fml(d$strata), weights = fml(d$weights), fpc = fml(d$fpc),
            data = data, nest = isTRUE(d$nest))
}

# population vector for calibrate(): names as model.matrix(~ a + b + x)
population_vector <- function(design, margins) {
  pop <- c()
  total <- NULL
  for (v in names(margins)) {
    m <- margins[[v]]
    if (is.list(m)) {
      levs <- levels(factor(design$variables[[v]]))
      counts <- unlist(m)[levs]
      total <- sum(unlist(m))
      pop <- c(pop, setNames(counts[-1], paste0(v, levs[-1])))
    } else {
      pop <- c(pop, setNames(m, v))
    }
  }
  c(`(Intercept)` = total, pop)
}

apply_calibration <- function(design, cal) {
  if (is.null(cal)) return(design)
  if (cal$kind == "calibrate") {
    pop <- population_vector(design, cal$margins)
    bounds <- if (is.null(cal$bounds)) c(-Inf, Inf) else unlist(cal$bounds)
    trim <- if (is.null(cal$trim)) NULL else unlist(cal$trim)
    calibrate(design, fml(names(cal$margins)), pop, calfun = cal$method, bounds = bounds,
              trim = trim, epsilon = 1e-13, maxit = 200)
  } else if (cal$kind == "rake") {
    sm <- lapply(names(cal$margins), function(v) fml(v))
    pm <- lapply(names(cal$margins), function(v) {
      df <- data.frame(names(cal$margins[[v]]), unlist(cal$margins[[v]]), stringsAsFactors = FALSE)
      names(df) <- c(v, "Freq"); df
    })
    rake(design, sm, pm, control = list(maxit = 500, epsilon = 1e-13))
  } else if (cal$kind == "post_stratify") {
    v <- names(cal$margins)[1]
    df <- data.frame(names(cal$margins[[v]]), unlist(cal$margins[[v]]), stringsAsFactors = FALSE)
    names(df) <- c(v, "Freq")
    postStratify(design, fml(v), df)
  } else if (cal$kind == "trim_weights") {
    trimWeights(apply_calibration(design, cal$then), lower = cal$lower, upper = cal$upper,
                strict = isTRUE(cal$strict))
  } else stop("unknown calibration kind")
}

level_of <- function(name, variable, is_factor) {
  if (is_factor) substring(name, nchar(variable) + 1) else NA
}

domain_df <- function(design, by, values) {
  if (length(by) == 0) return(degf(design))
  keep <- rep(TRUE, nrow(design$variables))
  for (b in by) keep <- keep & as.character(design$variables[[b]]) == values[[b]]
  keep[is.na(keep)] <- FALSE
  degf(design[keep, ])
}

# svymean / svytotal rows (numeric or factor variable), whole population or svyby
stat_rows <- function(fun, design, variable, by, na_rm) {
  is_factor <- !is.numeric(design$variables[[variable]])
  f <- fml(variable)
  rows <- list()
  if (length(by) == 0) {
    r <- fun(f, design, deff = TRUE, na.rm = na_rm)
    ci <- confint(r)
    for (k in seq_along(coef(r))) {
      rows[[k]] <- list(variable = variable, level = level_of(names(coef(r))[k], variable, is_factor),
                        domain = setNames(list(), character(0)), estimate = as.vector(coef(r)[k]),
                        se = as.vector(SE(r)[k]), ci_low = as.vector(ci[k, 1]), ci_high = as.vector(ci[k, 2]),
                        deff = as.vector(deff(r)[k]), df = degf(design))
    }
    return(rows)
  }
  r <- svyby(f, fml(by), design, fun, deff = TRUE, vartype = c("se", "ci"), na.rm = na_rm,
             keep.var = TRUE)
  info <- attr(r, "svyby")
  ns <- info$nstats
  nb <- length(by)
  for (i in seq_len(nrow(r))) {
    dom <- setNames(lapply(by, function(b) as.character(r[[b]][i])), by)
    vals <- unlist(r[i, -(1:nb)])
    for (k in 1:ns) {
      rows[[length(rows) + 1]] <- list(
        variable = variable, level = level_of(info$variables[k], variable, is_factor),
        domain = dom, estimate = as.vector(vals[k]), se = as.vector(vals[ns + k]),
        ci_low = as.vector(vals[2 * ns + k]), ci_high = as.vector(vals[3 * ns + k]),
        deff = as.vector(vals[4 * ns + k]), df = domain_df(design, by, dom))
    }
  }
  rows
}

# svyciprop rows: one per level of the variable (indicator of the level), per domain
ciprop_rows <- function(design, variable, by, method, level) {
  values <- design$variables[[variable]]
  levs <- sort(unique(as.character(values[!is.na(values)])))
  rows <- list()
  for (lev in levs) {
    design$variables$.ind <- as.numeric(as.character(values) == lev)
    if (length(by) == 0) {
      r <- svyciprop(~.ind, design, method = method, level = level, na.rm = TRUE)
      ci <- attr(r, "ci")
      rows[[length(rows) + 1]] <- list(
        variable = variable, level = lev, domain = setNames(list(), character(0)),
        estimate = as.numeric(coef(r)), se = as.numeric(SE(r)), ci_low = as.numeric(ci[1]),
        ci_high = as.numeric(ci[2]), deff = NA, df = degf(design))
    } else {
      r <- svyby(~.ind, fml(by), design, svyciprop, method = method, level = level,
                 vartype = c("se", "ci"), na.rm = TRUE)
      nb <- length(by)
      for (i in seq_len(nrow(r))) {
        dom <- setNames(lapply(by, function(b) as.character(r[[b]][i])), by)
        vals <- unlist(r[i, -(1:nb)])
        rows[[length(rows) + 1]] <- list(
          variable = variable, level = lev, domain = dom, estimate = as.vector(vals[1]),
          se = as.vector(vals[2]), ci_low = as.vector(vals[3]), ci_high = as.vector(vals[4]),
          deff = NA, df = domain_df(design, by, dom))
      }
    }
  }
  rows
}

# svyratio rows: every numerator over every denominator, whole population or svyby
ratio_rows <- function(design, numerator, denominator, by, na_rm) {
  name <- paste(numerator, denominator, sep = "/")
  rows <- list()
  if (length(by) == 0) {
    r <- svyratio(fml(numerator), fml(denominator), design, deff = TRUE, na.rm = na_rm)
    ci <- confint(r)
    return(list(list(variable = name, level = NA, domain = setNames(list(), character(0)),
                     estimate = as.vector(coef(r)), se = as.vector(SE(r)),
                     ci_low = as.vector(ci[1, 1]), ci_high = as.vector(ci[1, 2]),
                     deff = as.vector(attr(r, "deff")), df = degf(design))))
  }
  r <- svyby(fml(numerator), fml(by), design, svyratio, denominator = fml(denominator),
             deff = TRUE, vartype = c("se", "ci"), na.rm = na_rm)
  nb <- length(by)
  for (i in seq_len(nrow(r))) {
    dom <- setNames(lapply(by, function(b) as.character(r[[b]][i])), by)
    vals <- unlist(r[i, -(1:nb)])
    rows[[length(rows) + 1]] <- list(
      variable = name, level = NA, domain = dom, estimate = as.vector(vals[1]),
      se = as.vector(vals[2]), ci_low = as.vector(vals[3]), ci_high = as.vector(vals[4]),
      deff = as.vector(vals[5]), df = domain_df(design, by, dom))
  }
  rows
}

run_case <- function(case) {
  data <- read_data(case$data)
  if (!is.null(case$design$lonely_psu)) options(survey.lonely.psu = case$design$lonely_psu)
  design <- apply_calibration(make_design(data, case$design), case$calibration)
  by <- if (is.null(case$by)) character(0) else unlist(case$by)
  na_rm <- isTRUE(case$na_rm)
  rows <- list()
  for (v in unlist(case$variables)) {
    rows <- c(rows, switch(case$statistic,
      mean = stat_rows(svymean, design, v, by, na_rm),
      total = stat_rows(svytotal, design, v, by, na_rm),
      ratio = do.call(c, lapply(unlist(case$denominator), function(den)
        ratio_rows(design, v, den, by, na_rm))),
      proportion = if (case$ci_method == "wald") stat_rows(svymean, design, v, by, na_rm)
                   else ciprop_rows(design, v, by, case$ci_method, if (is.null(case$level)) 0.95 else case$level)))
  }
  options(survey.lonely.psu = "fail")
  case$rows <- rows
  if (!is.null(case$calibration)) case$weights <- as.vector(weights(design))
  case
}

write_cases <- function(cases, path, script) {
  out <- list(
    generated_by = script,
    R = R.version.string,
    survey = as.character(packageVersion("survey")),
    options = list(survey.lonely.psu = "per case (default fail)", survey.adjust.domain.lonely = FALSE,
                   calibrate_epsilon = 1e-13),
    cases = lapply(cases, run_case)
  )
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = TRUE), path)
}
