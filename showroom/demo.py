def load():
    """Placeholder: replaced by the demo content of this app."""
