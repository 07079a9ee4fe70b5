"""blanko-tracker: blank KTP-el card stock, supply, printing and print debt for Indonesia."""

__version__ = "0.1.0"
