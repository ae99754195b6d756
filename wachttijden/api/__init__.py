"""Function III's REST API: views, serializers and routes."""
