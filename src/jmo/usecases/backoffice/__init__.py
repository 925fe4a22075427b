"""Back-office use cases (issue 11): staff accounts and their second factor, the work
queue, identity corrections with four eyes, and the participant's side of them."""
