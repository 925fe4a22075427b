"""Notices: queueing them with a change, and delivering them after commit."""
