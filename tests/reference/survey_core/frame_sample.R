# A small frame-like sample for the statistics golden tests (seeded, reproducible).
#
# A synthetic frame of 4,000 "communes" in 6 regions and 5 size bands (t1..t5); a stratified
# simple random sample without replacement in region x size-band strata (the largest band is
# taken whole: census strata, fpc factor 0); synthetic answers with item non-response.
# Writes frame_sample.csv (the sample, with weight `w` and stratum population `N_h`) and
# frame_margins.csv (population counts of region and size band, for calibration).
# Run from this directory:  Rscript frame_sample.R
set.seed(20261126)
N <- 4000
regions <- c("11", "24", "27", "32", "76", "84")
frame <- data.frame(
  id = sprintf("C%04d", 1:N),
  region = sample(regions, N, replace = TRUE, prob = c(0.1, 0.12, 0.2, 0.18, 0.22, 0.18)),
  taille = sample(c("t1", "t2", "t3", "t4", "t5"), N, replace = TRUE,
                  prob = c(0.52, 0.3, 0.13, 0.035, 0.015)),
  stringsAsFactors = FALSE
)
frame$strate <- paste(frame$region, frame$taille, sep = "_")
Nh <- table(frame$strate)
nh <- pmin(Nh, ifelse(grepl("_t5$", names(Nh)), Nh, pmax(2, round(Nh * 0.08))))
ids <- unlist(lapply(names(Nh), function(h) {
  pool <- frame$id[frame$strate == h]
  if (length(pool) == 1) pool else sample(pool, nh[[h]])
}))
smp <- frame[frame$id %in% ids, ]
smp$N_h <- as.vector(Nh[smp$strate])
smp$n_h <- as.vector(nh[smp$strate])
smp$w <- smp$N_h / smp$n_h
n <- nrow(smp)
size_effect <- c(t1 = 0, t2 = 0.3, t3 = 0.6, t4 = 0.9, t5 = 1.2)[smp$taille]
smp$confiance <- sample(c("tres", "plutot", "peu", "pas"), n, replace = TRUE,
                        prob = c(0.2, 0.45, 0.25, 0.1))
smp$confiance[runif(n) < 0.05] <- NA
smp$satisfait <- ifelse(runif(n) < plogis(-0.2 + size_effect), "oui", "non")
smp$age <- round(rnorm(n, 60 - 3 * size_effect, 9))
smp$age[runif(n) < 0.04] <- NA
smp$budget <- round(exp(rnorm(n, 5 + 1.5 * size_effect, 0.6)), 1)
smp <- smp[order(smp$id), ]
write.csv(smp, "frame_sample.csv", row.names = FALSE, na = "")
margins <- rbind(
  data.frame(variable = "region", level = names(table(frame$region)),
             total = as.vector(table(frame$region))),
  data.frame(variable = "taille", level = names(table(frame$taille)),
             total = as.vector(table(frame$taille)))
)
write.csv(margins, "frame_margins.csv", row.names = FALSE)
cat("sample size", n, "strata", length(Nh), "\n")
