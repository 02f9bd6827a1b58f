"""The frame pipeline: how a screen gets from its widgets to the window without a long frame.

One layer, below the scenes: nothing here imports a scene or a widget (tests/test_architecture.py).
Scenes and widgets are reached only through the contract below.

Modules, in the order a screen meets them:
- ``prepare``     the coming screen got ready while this one is up (words fitted, pictures asked for);
- ``compose``     a screen that was not ready put together over a few frames, painted in bands;
- ``redraw``      what a screen showed last frame and where it must be repainted (``Screen``, ``Drawn``);
- ``paint_rate``  what painting costs on this machine, learnt from each paint (bands are cut to it);
- ``text``        words fitted to a box, drawn once and kept (``TextRenderer``);
- ``pictures``    pictures at any size, drawn once and kept (``PictureCache``), by the ``picture_worker``
                  thread ahead of need (``picture_load`` reads one file); ``caches`` bounds both;
- ``surfaces``    pixel formats and surfaces made in no time; ``fills``, ``cards``, ``backgrounds`` and
                  ``palette`` the game's shapes and colours.

The contract a widget keeps (game/scenes/widgets.py ``Widget``; ``redraw.Painted``):
- ``look()`` returns everything that decides its pixels, as plain comparable data, and ``areas()``
  every rect it puts pixels in (shadows and glows included). Equal look and areas, equal pixels in
  the same places: the pipeline repaints a widget only when one of them changed. By default ``look``
  is a snapshot of the widget's plain attributes (``unseen`` names those that never show); a widget
  holding anything else counts as changed every frame unless it says its own look.
- ``opaque_areas()`` where it paints every pixel whatever is below (a change wholly under it is skipped;
  where it covers most of a rect being repainted, nothing below it is drawn again there).
- ``draw(surface, ctx)`` is pure: it paints onto ``surface`` from its state and ``ctx`` and changes
  nothing else (no state, no speech, no store, no clock). The pipeline relies on that: it calls
  ``draw`` onto a surface that shows nothing, with a stand-in ``ctx`` whose ``pictures`` and ``text``
  only note what would be drawn (``prepare.Scratch``: the same methods, ``get``/``faded``/``dimmed``/
  ``turned`` and ``fit``/``fitting_size``, returning a blank), to get words and pictures ready ahead;
  and it calls it clipped to a small rect to repaint part of a screen. A ``draw`` with a side effect
  would happen several times, or on a screen not shown. ``draw_soon`` is the same for what the widget
  will show in a moment.
- ``visible``: an invisible widget is not drawn, and takes no part in either comparison.

The contract a scene keeps (game/scenes/base.py ``Scene`` is a ``redraw.Screen``):
- ``to_draw()`` lists what it shows, bottom to top, as ``redraw.drawn(widget)`` entries; ``size``,
  ``background`` and ``ctx.look`` decide the canvas (any change: drawn whole);
- ``dirty`` is set when something may have changed (the frame loop then renders);
- ``layouts`` counts its layouts, and ``upcoming(ctx)`` names the screens likely next, for ``prepare``
  (``prepare.Coming``);
- a scene that overrides ``draw`` draws more than its widgets and is always drawn whole.
"""
