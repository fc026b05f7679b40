"""The model: what a journal is made of, as typed values (entries, problems,
frequencies, measured values, dates, settings, the `Journal` container).
Imports nothing of iepjournal's but itself."""
