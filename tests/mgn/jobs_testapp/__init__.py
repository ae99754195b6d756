"""A test-only app with one concrete generated-file job, installed by mgn.settings.test only."""
