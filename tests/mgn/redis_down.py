"""A Redis address where nothing listens, to see what the site does when Redis is down."""

import socket


def unreachable_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Closed again: connecting is refused at once, as with a stopped Redis.
    return f"redis://127.0.0.1:{port}/0"
