"""Shared foundations of every stage: text cleaning and folding (`text`) and the rules read from
dispatch/data/*.toml (`rules`)."""
