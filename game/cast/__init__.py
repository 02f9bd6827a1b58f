"""The drawn cast (assets/cast.yaml): ``characters`` (each character and feeling as DiceBear options),
``pictures`` (named by what they are drawn from; ``CastRenderer`` asks the render process), ``render_process``
(its own program: DiceBear + resvg -> PNG in the cache, so resvg never holds the game's Python lock) and
``avatars`` (the animals children pick)."""
