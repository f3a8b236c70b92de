"""Who may manage which provider organisation: the access rules, the roles and permission
policies built on them, and invitations of provider users."""
