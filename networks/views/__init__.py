"""The networks app's pages, one module per feature; networks/urls.py routes them."""
