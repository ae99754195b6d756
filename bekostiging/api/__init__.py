"""The insurers' API of bekostiging: views, serializers and routes."""
