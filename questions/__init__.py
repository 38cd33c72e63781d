"""Question understanding: a researcher's free-text question -> a catalogue question with its slots."""
