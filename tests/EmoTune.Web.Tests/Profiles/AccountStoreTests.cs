using EmoTune.Music.Persistence;
using EmoTune.Testing;
using EmoTune.Web.Profiles;
using Microsoft.Data.Sqlite;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>Local accounts on both engines; two store objects on one database stand for two replicas.</summary>
public sealed class AccountStoreTests(SharedServers servers)
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Accounts_CreatedOnOneReplica_AreVerifiedOnAnother_NamesUniqueIgnoringCase(string engine)
    {
        using var folder = TempFolder.Create();
        var target = await TargetAsync(engine, folder);
        var first = new AccountStore(Open(engine, target), TimeProvider.System);
        var second = new AccountStore(Open(engine, target), TimeProvider.System);

        var ann = await first.CreateAsync("Ann", Password, Ct);
        var taken = await second.CreateAsync(" ANN ", Password, Ct);
        var verified = await second.VerifyAsync("ann", Password, Ct);
        var wrong = await second.VerifyAsync("ann", "not the password", Ct);
        var unknown = await second.VerifyAsync("nobody", Password, Ct);

        Assert.NotNull(ann);
        Assert.Null(taken);
        Assert.Equal(ann.Id, verified?.Id);
        Assert.Null(wrong);
        Assert.Null(unknown);
        SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SecurityStamp_RotatedOnOneReplica_IsSeenByAnother_AndDeleteRemovesOnlyThatAccount(string engine)
    {
        using var folder = TempFolder.Create();
        var target = await TargetAsync(engine, folder);
        var first = new AccountStore(Open(engine, target), TimeProvider.System);
        var second = new AccountStore(Open(engine, target), TimeProvider.System);
        var ann = await first.CreateAsync("ann", Password, Ct);
        var bob = await first.CreateAsync("bob", Password, Ct);

        var stamp = await first.RotateSecurityStampAsync(ann!.Id, Ct);
        var seen = await second.FindAsync(ann.Id, Ct);
        var deleted = await second.DeleteAsync(ann.Id, Ct);

        Assert.NotEqual(ann.SecurityStamp, stamp);
        Assert.Equal(stamp, seen?.SecurityStamp);
        Assert.Equal(1, deleted);
        Assert.Null(await first.FindAsync(ann.Id, Ct));
        Assert.NotNull(await first.FindAsync(bob!.Id, Ct));
        Assert.Null(await first.RotateSecurityStampAsync(ann.Id, Ct));
        SqliteConnection.ClearAllPools();
    }

    private async Task<string> TargetAsync(string engine, TempFolder folder) =>
        string.Equals(engine, "postgres", StringComparison.Ordinal) ? await servers.NewPostgresDatabaseAsync(Ct) : folder.Combine("emotune.db");

    private static IEmoTuneDatabase Open(string engine, string target) =>
        string.Equals(engine, "postgres", StringComparison.Ordinal) ? new PostgresDatabase(target) : new SqliteDatabase(target);
}
