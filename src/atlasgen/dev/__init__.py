"""Local development: the build cache and atlasgen serve."""
