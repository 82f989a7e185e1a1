"""Scrapy spiders, items and pipelines, plus PDF and page extraction."""
