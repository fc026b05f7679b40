"""Analyses: pure functions of a loaded journal and an as-of day (school
days, the services ledger, IEP changes, progress, findings, deadlines, the
report's data). Import the model and the journal layer, never above."""
