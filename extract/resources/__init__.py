"""Name lists (gazetteers) and the script that derives them; see README.md."""
