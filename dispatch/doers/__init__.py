"""Doers: who is named to do a task — agencies from the agency book, places, collectives ("các sở,
ban, ngành") and mentions — and the role each one gets (lead or coordinate)."""
