"""Pages of bekostiging, one module per audience; bekostiging/urls.py joins their routes."""
