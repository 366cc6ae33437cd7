"""ai21lint: a static analyzer for Python applications that call AI21 Studio language models."""

__version__ = "0.1.0"
