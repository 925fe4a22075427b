"""Klaim JHT, JKM, JKK and JP: the quote before submitting, the submission with its
documents, Lacak Klaim, and the staff moves (verify, approve, reject, pay)."""
