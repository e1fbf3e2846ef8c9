"""Pure logic: vocabularies, validation, parsing. Imports neither Textual nor the database."""
