namespace RedNet.MLNet;

/// <summary>How far the enlargement of one image is: tiles run through the network out of all of its tiles.</summary>
/// <param name="TilesDone">Tiles finished (0 when the image starts, <paramref name="TileCount"/> when it is written out).</param>
/// <param name="TileCount">Tiles of the image: ⌈height/TileSize⌉ · ⌈width/TileSize⌉ in output pixels.</param>
public readonly record struct UpscaleProgress(int TilesDone, int TileCount);
