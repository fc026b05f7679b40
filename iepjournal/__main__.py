from iepjournal.cli import run

run()
