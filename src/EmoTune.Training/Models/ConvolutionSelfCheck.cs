using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>
/// Checks once per process that libtorch's float convolutions compute the right thing on this CPU, and turns libtorch's
/// oneDNN kernels off when they do not, so a network is never trained or evaluated on wrong arithmetic.
/// </summary>
/// <remarks>
/// On the 2-core AMD EPYC of 2026-12-02 (AVX-512 with VNNI, BF16 and VP2INTERSECT), libtorch 2.10's oneDNN 3.7.1
/// direct convolution (<c>jit:avx512_core</c>) gave results off by about 2 for any float convolution whose input
/// channels are 8 more than a multiple of 16 (24, 40) at batch 2 or more: vgg-slim, vgg-lite and EfficientNet layers,
/// not the vgg's 32-64-128-256. The float64 path and oneDNN's AVX2 kernels (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>) were right;
/// the 2026-11-25 and 2026-11-28 machines were not affected. oneDNN fixes its instruction set at its first use, so
/// in-process the only remedy is to switch oneDNN off (libtorch's own convolutions; correct, slower to train).
/// </remarks>
public static class ConvolutionSelfCheck
{
    /// <summary>Largest |difference| to the float64 convolution that counts as right (the inputs are of order 1).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>The variable oneDNN reads, once at its first use, to cap its instruction set (e.g. <c>AVX2</c>).</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    private static readonly Lazy<ConvolutionCheckResult> Result = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the check the first time (0.13–0.37 s with oneDNN's first use, 15–22 ms after it, 2026-12-02), then returns its result.</summary>
    /// <exception cref="NotSupportedException">Convolutions are wrong even with oneDNN off, or oneDNN could not be turned off (the CLI prints it as one line).</exception>
    public static ConvolutionCheckResult Ensure() => Result.Value;

    /// <summary>
    /// Largest |difference| between this process's float convolutions (forward, and the gradients for input and
    /// weights) and float64 on a few layer shapes; uses no random numbers, so seeded runs are unchanged.
    /// </summary>
    public static double MaxError()
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        double worst = 0;
        foreach (var (inputs, outputs, side, batch, groups) in new (int, int, int, int, int)[] { (24, 32, 12, 4, 1), (40, 16, 6, 2, 1), (24, 24, 12, 4, 24), (32, 32, 12, 4, 1) })
        {
            var x = Pattern([batch, inputs, side, side], 0.37);
            var w = Pattern([outputs, inputs / groups, 3, 3], 0.11) * 0.2;
            var upstream = Pattern([batch, outputs, side, side], 0.53);
            var (y32, dx32, dw32) = Convolve(x, w, upstream, groups);
            var (y64, dx64, dw64) = Convolve(x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64), upstream.to_type(ScalarType.Float64), groups);
            foreach (var (single, reference) in new[] { (y32, y64), (dx32, dx64), (dw32, dw64) })
            {
                var error = (single.to_type(ScalarType.Float64) - reference).abs().max().item<double>();
                worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
            }
        }

        return worst;
    }

    private static ConvolutionCheckResult Run()
    {
        // Where NNPACK does not run ("Unsupported hardware", as on the machine of 2026-12-02), libtorch 2.10 logs a warning
        // to stderr for every convolution that oneDNN does not take (float64, or all of them with oneDNN off): hundreds
        // of lines per epoch that users can do nothing about. Then libtorch's log goes to errors only, for the process.
        if (LibTorchNative.NnpackAvailable() == false)
        {
            LibTorchNative.LogErrorsOnly();
        }

        var error = MaxError();
        if (error <= Tolerance)
        {
            return new ConvolutionCheckResult(OneDnn: true, error, Notice: null);
        }

        if (!LibTorchNative.TryDisableOneDnn())
        {
            throw new NotSupportedException(Wrong(error) + $" and oneDNN could not be turned off on this platform; set {IsaVariable}=AVX2 before starting EmoTune.");
        }

        var after = MaxError();
        if (after > Tolerance)
        {
            throw new NotSupportedException(Wrong(error) + string.Create(CultureInfo.InvariantCulture, $", and still {after:G3} with oneDNN off; training on this machine would be wrong."));
        }

        return new ConvolutionCheckResult(OneDnn: false, error, Wrong(error)
            + "; EmoTune turned libtorch's oneDNN kernels off for this process: results are right, training is slower (vgg 2.2 s per batch of 64 instead of 0.8 s). "
            + $"Start EmoTune with {IsaVariable}=AVX2 to train with oneDNN's AVX2 kernels instead.");
    }

    private static string Wrong(double error) => string.Create(CultureInfo.InvariantCulture,
        $"libtorch's float convolutions are wrong on this CPU (max |difference| {error:G3} against float64; {IsaVariable}={Environment.GetEnvironmentVariable(IsaVariable) ?? "unset"})");

    private static (Tensor Output, Tensor InputGrad, Tensor WeightGrad) Convolve(Tensor x, Tensor w, Tensor upstream, int groups)
    {
        var input = x.detach().requires_grad_(true);
        var weights = w.detach().requires_grad_(true);
        var y = nn.functional.conv2d(input, weights, padding: [1, 1], groups: groups);
        (y * upstream).sum().backward();
        return (y.detach(), input.grad!, weights.grad!);
    }

    /// <summary>A deterministic, irregular tensor in [-1, 1] (no generator touched).</summary>
    private static Tensor Pattern(long[] shape, double frequency)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        return (arange(count, ScalarType.Float32) * frequency).sin().mul((arange(count, ScalarType.Float32) * 0.013).cos()).reshape(shape);
    }

    /// <summary>
    /// libtorch functions TorchSharp does not expose: <c>at::globalContext().setUserEnabledMkldnn(bool)</c>,
    /// <c>at::native::_nnpack_available()</c> and c10's log level. libtorch is already loaded by TorchSharp; loading a
    /// library by its soname returns that copy.
    /// </summary>
    private static class LibTorchNative
    {
        private const int ErrorLevel = 2;
        private const string LogLevel = "FLAGS_caffe2_log_level";

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr GlobalContext();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        private delegate bool NnpackQuery();

        public static bool TryDisableOneDnn()
        {
            if (!TryExport("libtorch_cpu.so", "_ZN2at13globalContextEv", out var context)
                || !TryExport("libtorch_cpu.so", "_ZN2at7Context20setUserEnabledMkldnnEb", out var set))
            {
                return false;
            }

            var contextPointer = Marshal.GetDelegateForFunctionPointer<GlobalContext>(context)();
            Marshal.GetDelegateForFunctionPointer<SetUserEnabledMkldnn>(set)(contextPointer, false);
            return true;
        }

        /// <summary>Whether NNPACK runs on this CPU, asked quietly; null when libtorch does not export the question.</summary>
        public static bool? NnpackAvailable()
        {
            if (!TryExport("libtorch_cpu.so", "_ZN2at6native17_nnpack_availableEv", out var available) || !TryExport("libc10.so", LogLevel, out var level))
            {
                return null;
            }

            var saved = Marshal.ReadInt32(level);
            Marshal.WriteInt32(level, Math.Max(saved, ErrorLevel));
            try
            {
                return Marshal.GetDelegateForFunctionPointer<NnpackQuery>(available)();
            }
            finally
            {
                Marshal.WriteInt32(level, saved);
            }
        }

        /// <summary>Sets c10's log level (<c>TORCH_CPP_LOG_LEVEL</c>) to ERROR for the rest of the process.</summary>
        public static void LogErrorsOnly()
        {
            if (TryExport("libc10.so", LogLevel, out var level))
            {
                Marshal.WriteInt32(level, Math.Max(Marshal.ReadInt32(level), ErrorLevel));
            }
        }

        private static bool TryExport(string library, string symbol, out IntPtr address)
        {
            address = IntPtr.Zero;
            return (NativeLibrary.TryLoad(library, typeof(ConvolutionSelfCheck).Assembly, DllImportSearchPath.SafeDirectories, out var handle)
                    || NativeLibrary.TryLoad(library, out handle))
                && NativeLibrary.TryGetExport(handle, symbol, out address);
        }
    }
}
