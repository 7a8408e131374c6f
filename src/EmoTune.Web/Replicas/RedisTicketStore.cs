using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>
/// Sign-in sessions kept on the server, in Redis: the cookie carries only a session key (encrypted and signed with the
/// shared key ring), and every replica looks the session up on each request. Sign-out removes it, so a copied cookie
/// stops working on every replica at once; a session expires in Redis with the cookie.
/// </summary>
/// <remarks>The ticket (profile id, user name, security stamp) is encrypted with Data Protection before it is stored.</remarks>
public sealed class RedisTicketStore(IConnectionMultiplexer redis, IDataProtectionProvider protection, string keyPrefix, TimeProvider time) : ITicketStore
{
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromDays(30);
    private readonly IDataProtector _protector = protection.CreateProtector("EmoTune.Web.Replicas.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Guid.NewGuid().ToString("N");
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var lifetime = ticket.Properties.ExpiresUtc is { } expires ? expires - time.GetUtcNow() : FallbackLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            await RemoveAsync(key);
            return;
        }

        var value = _protector.Protect(TicketSerializer.Default.Serialize(ticket));
        await redis.GetDatabase().StringSetAsync(Key(key), value, lifetime);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(key));
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect((byte[])value!));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public Task RemoveAsync(string key) => redis.GetDatabase().KeyDeleteAsync(Key(key));

    private RedisKey Key(string session) => keyPrefix + "session:" + session;
}
