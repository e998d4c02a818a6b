"""The receive view (a scroll area that paints only the rows on screen, from a layout of the whole store), the
plain objects it owns for what it decides (scroll anchor, selection, find state: no Qt), its painting, and the
pane that puts it under its filter and find bars."""
