"""Output formats. A reporter only sees the report (diagnostics and counts), never the analysis."""
