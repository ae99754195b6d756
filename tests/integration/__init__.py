"""Tests through real processes: a Redis server and Celery workers started by the test."""
