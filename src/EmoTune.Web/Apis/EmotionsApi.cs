using System.Diagnostics;
using EmoTune.Vision.Inference;
using EmoTune.Web.Hosting;
using EmoTune.Web.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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
            .RequireAuthorization(Profiles.ProfileResolver.Policy)
            .MapPost("/", DetectAsync)
            .DisableAntiforgery()
            .WithName("DetectEmotions")
            .WithSummary("Find every face in an image and its emotion")
            .WithTags("Emotions");
        return app;
    }

    internal static async Task<Results<Ok<FrameResult>, ProblemHttpResult>> DetectAsync(
        HttpRequest request, EmotionPipeline pipeline, FrameDecoder decoder, IOptions<WebOptions> options, PipelineMetrics metrics, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var max = options.Value.MaxRequestBytes;
        if (request.ContentLength > max)
        {
            return TooLarge(max, metrics);
        }

        byte[] image;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                metrics.RecordError(FrameSources.Api, FrameErrorReasons.TooLarge);
                throw;
            }
            catch (InvalidDataException ex)
            {
                // The form's own limits and syntax: no boundary, more than FormOptions.ValueCountLimit fields, …
                return BadForm(ex.Message, metrics);
            }
            catch (IOException ex) when (ex is not BadHttpRequestException && !ct.IsCancellationRequested)
            {
                return BadForm("It ends before its closing boundary (truncated or unterminated).", metrics);
            }

            var file = form.Files.GetFile("image") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null)
            {
                metrics.RecordError(FrameSources.Api, FrameErrorReasons.MissingImage);
                return TypedResults.Problem("The form has no file; send the image in a field named 'image'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid image");
            }

            if (file.Length > max)
            {
                return TooLarge(max, metrics);
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            image = buffer.ToArray();
        }
        else if (request.ContentType is { } type && ImageTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            var read = await ReadAtMostAsync(request.Body, max, ct);
            if (read is null)
            {
                return TooLarge(max, metrics);
            }

            image = read;
        }
        else
        {
            metrics.RecordError(FrameSources.Api, FrameErrorReasons.UnsupportedType);
            return TypedResults.Problem(
                $"Content type '{request.ContentType ?? "(none)"}' is not supported; send image/jpeg, image/png or multipart/form-data.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }

        var processing = Stopwatch.GetTimestamp();
        OpenCvSharp.Mat frame;
        try
        {
            frame = decoder.Decode(image);
        }
        catch (InvalidImageException)
        {
            // Answered as 400 by EmoTuneExceptionHandler; counted here, where the source is known.
            metrics.RecordError(FrameSources.Api, FrameErrorReasons.BadImage);
            throw;
        }

        using (frame)
        {
            var faces = pipeline.Process(frame);
            metrics.RecordFrame(FrameSources.Api, faces.Count, Stopwatch.GetElapsedTime(processing).TotalSeconds);
            return TypedResults.Ok(new FrameResult(frame.Width, frame.Height, Stopwatch.GetElapsedTime(start).TotalMilliseconds, faces.Select(f => FaceDto.From(null, f.Box, f.Scores)).ToList(), null));
        }
    }

    /// <summary>The body's bytes, or null once it passes <paramref name="max"/> (a chunked body has no length to check first).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult BadForm(string reason, PipelineMetrics metrics)
    {
        metrics.RecordError(FrameSources.Api, FrameErrorReasons.MalformedMessage);
        return TypedResults.Problem($"The form could not be read: {reason}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
    }

    private static ProblemHttpResult TooLarge(long max, PipelineMetrics metrics)
    {
        metrics.RecordError(FrameSources.Api, FrameErrorReasons.TooLarge);
        return TypedResults.Problem(
            $"The request is larger than {max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
    }
}
