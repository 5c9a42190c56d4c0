"""Modal dialogs: they collect an answer and return it; the caller saves."""
