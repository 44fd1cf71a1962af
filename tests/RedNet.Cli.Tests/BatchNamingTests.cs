using RedNet.MLNet;
using RedNet.Cli.Batch;

namespace RedNet.Cli.Tests;

/// <summary>The pieces that keep a batch's writes inside --out and its shards stable, tested directly.</summary>
public class BatchNamingTests
{
    [Theory]
    [InlineData("photo.png", 7, "000007_photo_x2.png")]
    [InlineData("../../etc/passwd", 1, "000001_passwd_x2.png")]
    [InlineData("/abs/dir/x.y.jpg", 2, "000002_x.y_x2.png")]
    [InlineData(@"C:\Users\me\pic 1.bmp", 3, "000003_pic_1_x2.png")]
    [InlineData("..", 4, "000004_image_x2.png")]
    [InlineData("...png", 5, "000005_image_x2.png")]
    [InlineData("a..b...c.png", 6, "000006_a.b.c_x2.png")]
    [InlineData("we\"ird;name'$(rm -rf).png", 8, "000008_we_ird_name___rm_-rf_x2.png")]
    [InlineData("日本.png", 9, "000009_image_x2.png")]
    [InlineData("dir/", 10, "000010_image_x2.png")]
    public void Output_names_keep_only_safe_characters(string cell, long row, string expected)
    {
        string name = OutputFileName.For(row, cell, 2);
        Assert.Equal(expected, name);
        Assert.Matches("^[A-Za-z0-9._-]+$", name);
        Assert.DoesNotContain("..", name);
    }

    [Fact]
    public void Long_names_are_cut_and_every_name_stays_in_the_folder()
    {
        var folder = TestPaths.NewTempDirectory();
        string name = OutputFileName.For(1, new string('a', 500) + ".png", 4);
        Assert.True(name.Length <= OutputFileName.MaxStemLength + 20);
        Assert.Equal(Path.Combine(folder, name), ContainedPath.Combine(folder, name));
        foreach (var escape in new[] { "../x.png", "/etc/x.png", "..", ".", "a/b.png", "" })
            Assert.Throws<InvalidOperationException>(() => ContainedPath.Combine(folder, escape));
    }

    [Fact]
    public void Shard_hash_is_fnv1a_and_the_same_in_every_process()
    {
        // Published FNV-1a 64 test vectors: the value can never depend on the process, machine or runtime.
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a64("foobar"));
        var shards = Enumerable.Range(0, 4).Select(i => new ShardSpec(i, 4)).ToList();
        foreach (var key in new[] { "a.png", "../x.png", "日本.png", "" })
            Assert.Single(shards, s => s.Contains(key));
    }

    [Theory]
    [InlineData("2/8", 2, 8)]
    [InlineData("0/1", 0, 1)]
    public void Shard_specs_parse(string text, int index, int count)
        => Assert.Equal(new ShardSpec(index, count), ShardSpec.TryParse(text, out _));

    [Theory]
    [InlineData("8/8")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    public void Bad_shard_specs_say_why(string text)
    {
        Assert.Null(ShardSpec.TryParse(text, out var error));
        Assert.Contains(text, error);
    }
}
