from dbfixture import calendar, engine, session

__all__ = ["calendar", "engine", "session"]
