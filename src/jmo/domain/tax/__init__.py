"""Tax on benefits the fund pays (domain-rules.md §4)."""
