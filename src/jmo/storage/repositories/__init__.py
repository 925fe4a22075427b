"""Repositories: map rows to domain objects and back; encrypt what is sensitive."""
