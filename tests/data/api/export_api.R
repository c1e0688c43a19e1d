# Export R survey's `api` example data (California Academic Performance Index) to CSV.
#
# Used by phare's statistics tests (tests/stats/) as the reference data on which golden values
# from R `survey` are computed. Run from this directory:
#     Rscript export_api.R
# Output: apipop.csv, apisrs.csv, apistrat.csv, apiclus1.csv, apiclus2.csv and VERSIONS.txt.
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
