"""tei-edition: build and check the TEI edition of Lawson's 'The Most Intransigent of Bolsheviks'."""

__version__ = "0.1.0"
