"""Function II's REST API: views, serializers and routes."""
