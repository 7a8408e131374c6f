using EmoTune.Web.Profiles;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>The password rules and the embedded blocklist, without a host.</summary>
public sealed class PasswordPolicyTests
{
    [Fact]
    public void Blocklist_IsEmbedded_AFewThousandPasswordsOfAllowedLength()
    {
        Assert.InRange(PasswordPolicy.CommonCount, 3_000, 5_000);
        Assert.True(PasswordPolicy.IsCommon("12345678"));
        Assert.True(PasswordPolicy.IsCommon("BASEBALL"));
        Assert.False(PasswordPolicy.IsCommon(ProfileHost.Password));
    }

    [Theory]
    [InlineData("12345678", "alice", true)]
    [InlineData("        ", "alice", true)]
    [InlineData("alice.smith", "Alice.Smith", true)]
    [InlineData(" alice.smith ", "alice.smith", true)]
    [InlineData("alice.smith!", "alice.smith", false)]
    [InlineData("correct horse battery", "alice", false)]
    [InlineData("correct horse battery", null, false)]
    public void IsRefused_Table(string password, string? userName, bool refused)
    {
        var result = PasswordPolicy.IsRefused(password, userName, out var reason);

        Assert.Equal(refused, result);
        Assert.Equal(refused, reason is not null);
        if (reason is not null)
        {
            Assert.StartsWith("password ", reason, StringComparison.Ordinal);
        }
    }
}
