# Signatures from github.com/9xxxxxx/meprefect (config/__init__.py at 9c365e35b96d): bodies dropped.

