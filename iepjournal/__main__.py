from iepjournal.cli import main

main()
