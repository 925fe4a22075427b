"""Riwayat & Lacak: every request of a participant with its id, timeline and receipt."""
