"""The networks app's forms."""
