"""A workshop in a room: the folder that holds it, the server that serves it, the board that
gathers its results.

    folder = WorkshopFolder.open(home, "liberia-course")   # created, or reopened with its codes
    folder.save_debrief(participant, case_id, json_bytes)   # atomic; the board sees it at once
"""

from .folder import WorkshopFolder, home_directory

__all__ = ["WorkshopFolder", "home_directory"]
