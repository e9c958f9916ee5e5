"""Running the portal: backup and restore, /healthz, /metrics. Top of the house: it reads every
app's rows (queues, signed files, ledger sums, counters); nothing imports it."""
