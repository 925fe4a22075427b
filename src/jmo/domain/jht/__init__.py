"""Jaminan Hari Tua (JHT) and the individual accounts behind it: contribution rates and wage
caps as dated tables, the ledger per KPJ, the declared yield per year, the balance, the
statement and the projection to retirement ("Simulasi JHT")."""
