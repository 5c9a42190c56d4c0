"""Widgets: data in through attributes, messages out; they never save anything themselves."""
