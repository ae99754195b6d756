"""Demo data for function I: requests in every state (placeholder, being written)."""


def seed_demo():
    return None
