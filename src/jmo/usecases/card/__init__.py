"""Kartu Digital: issuing, showing, reissuing and verifying the membership card."""
