"""Server-rendered pages in English and Chinese, each with a JSON twin."""
