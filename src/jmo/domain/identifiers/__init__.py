"""Identifier parsing and validation. Each parser returns a normalised value or raises
``DomainError`` with a stable code; sources of each rule are cited in the module."""
