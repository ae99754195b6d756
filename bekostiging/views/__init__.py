"""Pages of bekostiging, one module per feature; bekostiging/urls.py lists their routes."""
