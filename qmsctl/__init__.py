"""qmsctl: quality records of a Vietnamese state agency (TCVN ISO 9001:2015) kept in git."""

__version__ = "0.1.0"
