"""Durable state of ofsted-alerts: records, the TinyDB-backed store and the council registry.

This is the only package that imports tinydb.
"""
