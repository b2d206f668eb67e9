"""The batch scan: corpus generator and tests of walking, the store, workers, groups, progress and CSV files."""
