"""The web pages of `storyline serve`: see `storyline.web.pages`."""
