"""Plugins that ship inside laoganbu, registered through the ``laoganbu`` entry-point group
exactly as a locality's plugin is."""
