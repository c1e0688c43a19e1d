# Export R survey's `api` example data (California Academic Performance Index) to CSV.
#
# Used by phare's statistics tests (tests/stats/) as the reference data on which golden values
# from R `survey` are computed. Run from this directory:
#     Rscript export_api.R
# Output: apipop.csv, apisrs.csv, apistrat.csv, apiclus1.csv, apiclus2.csv, VERSIONS.txt and
# apipop_margins.csv (population counts of stype and sch.wide, for calibration examples).
# Factors are written as their labels; missing values as empty fields.
suppressPackageStartupMessages(library(survey))
data(api)
datasets <- list(apipop = apipop, apisrs = apisrs, apistrat = apistrat,
                 apiclus1 = apiclus1, apiclus2 = apiclus2)
for (name in names(datasets)) {
  df <- datasets[[name]]
  for (col in names(df)) if (is.factor(df[[col]])) df[[col]] <- as.character(df[[col]])
  write.csv(df, paste0(name, ".csv"), row.names = FALSE, na = "")
}
writeLines(c(R.version.string,
             paste("survey", as.character(packageVersion("survey")))),
           "VERSIONS.txt")

# Population margins of apipop for raking apiclus1 (R's rake() example), long format
margins <- rbind(
  data.frame(variable = "stype", level = names(table(apipop$stype)),
             total = as.vector(table(apipop$stype))),
  data.frame(variable = "sch.wide", level = names(table(apipop$sch.wide)),
             total = as.vector(table(apipop$sch.wide)))
)
write.csv(margins, "apipop_margins.csv", row.names = FALSE)
