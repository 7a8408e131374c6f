using System.Diagnostics;
using EmoTune.Vision.Inference;
using Microsoft.AspNetCore.Http.HttpResults;
using Hosting = EmoTune.Web.Hosting;

namespace EmoTune.Web.Apis;

/// <summary><c>POST /api/v1/emotions</c>: an image in (multipart field <c>image</c>, or a raw JPEG/PNG body), its faces out.</summary>
public static class EmotionsApi
{
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png"];

    public static IEndpointRouteBuilder MapEmotionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/emotions")
            .RequireRateLimiting(Hosting.WebServiceCollectionExtensions.ApiRateLimit)
            .MapPost("/", DetectAsync)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .Accepts<byte[]>("image/jpeg", "image/png")
            .WithName("DetectEmotions")
            .WithSummary("Find every face in an image and its emotion")
            .WithTags("Emotions");
        return app;
    }

    internal static async Task<Results<Ok<FrameResult>, ProblemHttpResult>> DetectAsync(HttpRequest request, EmotionPipeline pipeline, FrameDecoder decoder, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        byte[] image;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("image") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                return TypedResults.Problem("The form has no file; send the image in a field named 'image'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid image");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            image = buffer.ToArray();
        }
        else if (request.ContentType is { } type && ImageTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            image = buffer.ToArray();
        }
        else
        {
            return TypedResults.Problem(
                $"Content type '{request.ContentType ?? "(none)"}' is not supported; send image/jpeg, image/png or multipart/form-data.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }

        using var frame = decoder.Decode(image);
        var faces = pipeline.Process(frame);
        return TypedResults.Ok(new FrameResult(frame.Width, frame.Height, Stopwatch.GetElapsedTime(start).TotalMilliseconds, faces.Select(f => FaceDto.From(null, f.Box, f.Scores)).ToList(), null));
    }
}
