"""The public site: plan, views, render, write, open data, theme."""
