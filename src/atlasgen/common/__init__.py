"""Building blocks every stage may use; they import nothing of atlasgen."""
