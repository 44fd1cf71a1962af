namespace RedNet.MLNet.Onnx;

/// <summary>The input/output layout of an exported RED-Net ONNX model.</summary>
public enum RedNetOnnxLayout
{
    /// <summary><c>input</c> float[N,1,H,W] (N, H, W symbolic) → <c>output</c> float[N,1,H,W]. For ONNX Runtime and other tools.</summary>
    Nchw,

    /// <summary>
    /// <c>pixels</c> float[1,L] (one image's Y, row-major) and <c>shape</c> int64[2] (height, width) → <c>output</c> float[1,L].
    /// ML.NET's ApplyOnnxModel accepts only one unknown dimension, so variable image sizes travel as a flat vector plus shape.
    /// </summary>
    Flat,
}
