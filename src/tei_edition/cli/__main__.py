from tei_edition.cli import main

main()
