"""Demo data for function III (placeholder, being written)."""


def seed_demo():
    return None
