"""Core records shared by every module: Person, Department, Event, audit chain, notifications."""
