"""Community plans: the planning section, medium-term plan, drafts open for comment, action
plans, working groups, events, conference and needs survey. Layout: docs/architecture.md."""
