"""The employer portal (/perusahaan): HR of one company reads and corrects its own
workers' data, marks resignations, registers new workers and issues the signed letter."""
