"""From pages to people: the news matcher, change rules, formatting, notifiers, dispatch, bot."""
