"""The spiders: the Ofsted report site and configured news sources."""
