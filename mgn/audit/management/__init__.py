"""Owner and auditor commands of the access log."""
