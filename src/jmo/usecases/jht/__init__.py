"""Cek Saldo JHT: posting the ledger, the balance per KPJ and employer period, the yearly
statement, Simulasi JHT and the request to merge KPJ numbers."""
