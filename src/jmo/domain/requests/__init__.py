"""Every request a participant makes, whatever its kind: one readable id, one timeline the
participant reads, one signed receipt (issue 12; docs/requests.md)."""
