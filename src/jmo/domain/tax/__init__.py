"""Tax on benefits the fund pays (docs/domain-rules.md §4)."""
