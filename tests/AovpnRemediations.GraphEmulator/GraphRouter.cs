using AovpnRemediations.GraphEmulator.Routes;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// Dispatches a request to the first route group that takes it. HTTP requests and the inner requests of a
/// <c>$batch</c> go through the same router, so both see the same tenant.
/// </summary>
public sealed class GraphRouter
{
    private readonly List<IGraphRoutes> _routes;

    public GraphRouter(EmulatorOptions options)
    {
        _routes =
        [
            new DeviceHealthScriptRoutes(options),
            new LookupRoutes(options),
            new ServicePrincipalRoutes(options),
        ];
    }

    private readonly List<IGraphGate> _gates = [];

    /// <summary>Adds a gate; gates run in the order added, before any route.</summary>
    public void AddGate(IGraphGate gate) => _gates.Add(gate);

    /// <summary>Adds a route group (the fleet-report routes plug in here).</summary>
    public void Add(IGraphRoutes routes) => _routes.Add(routes);

    /// <summary>Adds a route group that is asked before the others (tests that override a route).</summary>
    public void AddFirst(IGraphRoutes routes) => _routes.Insert(0, routes);

    public GraphResponse Handle(GraphRequest request, EmulatorState state)
    {
        if (request.Version is not ("beta" or "v1.0"))
        {
            return GraphResponse.Error(400, "BadRequest", $"Invalid version: {request.Version}");
        }

        foreach (var gate in _gates)
        {
            if (gate.Before(request, state) is { } answered)
            {
                return answered;
            }
        }

        var response = Route(request, state);
        foreach (var gate in _gates)
        {
            gate.After(request, response, state);
        }

        return response;
    }

    private GraphResponse Route(GraphRequest request, EmulatorState state)
    {
        foreach (var routes in _routes)
        {
            if (routes.TryHandle(request, state) is { } response)
            {
                return response;
            }
        }

        return GraphResponse.Error(400, "BadRequest",
            $"Resource not found for the segment '{request.Segments.LastOrDefault() ?? request.Version}'.");
    }
}
