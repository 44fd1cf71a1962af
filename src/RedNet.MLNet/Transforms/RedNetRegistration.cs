using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace RedNet.MLNet;

/// <summary>
/// What ML.NET must know before RedNet transforms run or a saved RedNet pipeline is loaded: that an <see cref="MLImage"/>
/// member of a CustomMapping class is an image column of unknown size, and where RedNet's CustomMapping contracts live.
/// </summary>
/// <remarks>
/// ML.NET 5.0.1 has no working registration for unknown-size images in CustomMapping classes (<c>[ImageType]</c> without
/// a size throws "Must be positive"); registering the type pair directly works. Loading a saved model in a fresh process
/// needs <see cref="Register(MLContext)"/> (or any <c>mlContext.RedNet()</c> call) first, like any model with custom mappings.
/// </remarks>
public static class RedNetRegistration
{
    private static readonly object Gate = new();
    private static bool _typesRegistered;

    /// <summary>Registers the image type and RedNet's mapping contracts with <paramref name="mlContext"/>; idempotent.</summary>
    public static void Register(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        RegisterTypes();
        mlContext.ComponentCatalog.RegisterAssembly(typeof(RedNetRegistration).Assembly);
    }

    /// <summary>
    /// Registers the image type as soon as this assembly loads, so a user's own class with an <see cref="MLImage"/> member
    /// (e.g. for <c>LoadFromEnumerable</c>) works even before any RedNet method is called.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Deliberate in a library: registering "
        + "the type pair is cheap, idempotent and has no other trigger when a user's own class is the first to use MLImage.")]
    internal static void RegisterTypesOnLoad() => RegisterTypes();

    internal static void RegisterTypes()
    {
        lock (Gate)
        {
            if (_typesRegistered) return;
            try
            {
                DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage));
            }
            catch (ArgumentException)
            {
                // Already registered (by another library or an earlier RedNet version in this process): nothing to do.
            }
            _typesRegistered = true;
        }
    }
}
