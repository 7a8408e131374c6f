using System.ComponentModel.DataAnnotations;
using EmoTune.Web.Replicas;

namespace EmoTune.Web.Tests.Replicas;

public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData("", "emotune:", null)]
    [InlineData("127.0.0.1:6379,password=secret", "emotune:", null)]
    [InlineData("127.0.0.1:6379,connectTimeout=soon", "emotune:", "Redis:Configuration is not a StackExchange.Redis configuration string")]
    [InlineData("127.0.0.1:6379", " ", "Redis:KeyPrefix must not be empty")]
    public void Validate_NamesTheKeyThatIsWrong(string configuration, string prefix, string? expected)
    {
        var options = new RedisOptions { Configuration = configuration, KeyPrefix = prefix };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(expected is null, valid);
        if (expected is not null)
        {
            Assert.Contains(expected, Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
        }
    }
}
