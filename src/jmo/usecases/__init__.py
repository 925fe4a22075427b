"""Use cases: one public function per thing a user can do. Each takes the unit of work and
the acting user first, lets the domain decide, and commits once. The web pages, the JSON
API and the CLI call the same functions, so no rule is written twice."""
