"""JMO: open participant self-service for a workers' social-security fund."""

__version__ = "0.1.0"
