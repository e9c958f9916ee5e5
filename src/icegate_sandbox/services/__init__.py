"""Every write the sandbox makes: keyword-only functions named `<noun>_<verb>`."""
