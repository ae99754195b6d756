"""The verkennend gesprek API for huisartsinformatiesystemen."""
