"""iepjournal: a family's IEP record, kept as Markdown, turned into evidence."""

__version__ = "0.1.0"
