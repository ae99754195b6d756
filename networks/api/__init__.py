"""The networks app's REST API: serializers, viewsets and their routes."""
