"""Pages for people: server-rendered Jinja on the same services as the API."""
