"""Stories, episodes and copies: group reports the way an editor would.

The stage after language. Copies and rewrites of one report are found first (`copies`), so that they
never count as confirmation; then each arriving article joins the story it is most like, or starts
a new one; stories split into episodes where they go quiet.
"""
