"""The search index: what is indexed, lunr-compatible shards, the German pipeline."""
