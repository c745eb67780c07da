"""The neutral chat model and what every command needs: messages, context, errors, access, ports."""
