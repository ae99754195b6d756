"""Function IV's REST API: views, serializers and routes."""
