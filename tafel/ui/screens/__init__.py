"""The screens of the moderator's app: start, new table, the steps of a table, overview, help."""
