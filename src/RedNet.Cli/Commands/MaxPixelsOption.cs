using System.CommandLine;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>--max-pixels</c>, shared by every verb that decodes images (<c>upscale</c>, <c>apply</c>, <c>batch</c>): inputs whose
/// header gives more pixels are refused before decoding, with an error naming the file and both sizes.
/// </summary>
public static class MaxPixelsOption
{
    public static Option<long> Create()
    {
        var option = new Option<long>("--max-pixels")
        {
            Description = $"Refuse inputs with more pixels than this (read from the header, before decoding; default {ImageFile.DefaultMaxPixels:N0}).",
            DefaultValueFactory = _ => ImageFile.DefaultMaxPixels,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 1) result.AddError($"--max-pixels must be 1 or more (got {result.GetValueOrDefault<long>()}).");
        });
        return option;
    }
}
