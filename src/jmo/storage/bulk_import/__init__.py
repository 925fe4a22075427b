"""`jmo import`: CSV files into staging tables, checked as sets, applied in one transaction
(docs/import.md)."""
