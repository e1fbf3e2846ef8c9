"""The Textual interface. Screens call services; none of them builds a query."""
