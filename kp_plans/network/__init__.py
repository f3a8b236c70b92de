"""The network of social services the municipalities agree to co-finance: the split of each
service's cost (split.py), the network as plain data and its adopted snapshot (data.py), and
the exports for the councils (exports.py)."""
