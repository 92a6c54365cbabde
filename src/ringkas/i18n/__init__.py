"""Every word ringkas says to a user, in Indonesian and English."""
