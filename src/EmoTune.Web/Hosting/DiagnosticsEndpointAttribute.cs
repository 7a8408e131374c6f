namespace EmoTune.Web.Hosting;

/// <summary>Endpoint metadata: a diagnostics endpoint, served only while <see cref="DiagnosticsAccess.IsPublic"/>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class DiagnosticsEndpointAttribute : Attribute;
