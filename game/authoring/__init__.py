"""For the PSHE lead writing lessons: ``preview`` (`play.py preview`: a lesson redrawn as its file is saved),
``storyboard`` (`play.py storyboard`: every screen of a lesson on paper), ``pdf`` (the small PDF writer, the
certificate's too) and ``tour`` (`play.py tour`: every screen rendered to PNG)."""
