"""HTTP views: thin — parse the request, call one service or selector, answer."""
