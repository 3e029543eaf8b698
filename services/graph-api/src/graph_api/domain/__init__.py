"""The community graph's vocabulary: its entities and the rules their values follow."""
