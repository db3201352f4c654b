"""News intake: dated, sourced facts from official articles (issue 4)."""
