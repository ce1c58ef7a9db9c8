using System.Globalization;
using AovpnRemediations.GraphEmulator;

var options = new EmulatorOptions();
var seed = true;
var fleet = 0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--page-size":
            options.PageSize = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--failure-rate":
            options.Faults.FailureRate = double.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--retry-after":
            options.Faults.RetryAfterSeconds = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--latency-ms":
            options.Faults.Latency = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--seed":
            options.Faults.Seed = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--empty":
            seed = false;
            break;
        case "--fleet":
            fleet = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--approvals":
            options.Approvals.Enabled = true;
            break;
        case "-h" or "--help":
            Console.WriteLine("""
                AovpnRemediations Graph emulator (127.0.0.1 only)
                  --port N            port to listen on (default: a free one)
                  --page-size N       page size of collections (default 100)
                  --failure-rate R    share of requests failing with 429/503/dropped connection (0..1)
                  --retry-after S     Retry-After seconds on 429 (default 1)
                  --latency-ms MS     latency added to every request
                  --seed N            seed of the fault injection
                  --empty             start with an empty tenant (default: sample groups, scope tag, a global script)
                  --fleet N           add one managed script per catalogue package, each with N synthetic devices
                                      reporting (for trying `report`); the devices are also Intune managed devices,
                                      the first 50 in the group "AOVPN Pilot devices" (for trying `run`)
                  --approvals         protect deviceHealthScripts writes with Multi Admin Approval
                Any bearer token is accepted.
                """);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}; see --help.");
            return 3;
    }
}

await using var emulator = new GraphEmulator(options);
if (seed)
{
    SampleTenant.Seed(emulator.State);
}

if (fleet > 0)
{
    SampleTenant.AddFleets(emulator, fleet, DateTimeOffset.UtcNow);
}

var url = await emulator.StartAsync();
Console.WriteLine($"Graph emulator listening on {url.ToString().TrimEnd('/')}");
Console.WriteLine($"Try: AOVPN_GRAPH_ACCESS_TOKEN=anything aovpn-remediations plan --graph-base-url {url.ToString().TrimEnd('/')}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
emulator.Log.Logged += entry => Console.WriteLine(entry);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
