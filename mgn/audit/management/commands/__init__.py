"""access_log_maintain (owner), verify_access_log."""
