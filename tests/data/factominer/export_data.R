# Export FactoMineR's own example data sets to CSV for phare's golden tests.
# Run from this directory:  Rscript export_data.R
# R 4.2, FactoMineR 2.7 (versions are written to versions.txt).
suppressMessages(library(FactoMineR))
data(tea)
data(poison)
write.csv(tea, "tea.csv", row.names = FALSE, fileEncoding = "UTF-8")
write.csv(poison, "poison.csv", row.names = FALSE, fileEncoding = "UTF-8")
writeLines(c(R.version.string, paste("FactoMineR", packageVersion("FactoMineR"))), "versions.txt")
