"""The newest schema revision, in a module that imports nothing, so a cheap check (the
roster's first read) can compare a file's revision with it before SQLAlchemy is loaded.
A test checks it against the migration scripts."""

HEAD = "0014"
