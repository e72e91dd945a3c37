from tei_edition.cli import run

run()
