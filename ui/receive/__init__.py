"""The receive view (a scroll area that paints only the rows on screen, from a layout of the whole store), its
jobs one module each, and the pane that puts it under its filter and find bars."""
