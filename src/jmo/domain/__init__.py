"""The pure domain: identifiers, rules, aggregates. No I/O, no framework, no clock."""
