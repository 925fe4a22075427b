"""The back office: staff roles and what each may do, branch offices, the second factor,
the work queue and the four-eyes rule (issue 11)."""
