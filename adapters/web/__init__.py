"""The coordinators' web dashboard: server-rendered pages, charts as SVG, CSV downloads."""
