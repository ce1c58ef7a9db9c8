using AovpnRemediations.GraphEmulator.Approvals;

namespace AovpnRemediations.GraphEmulator;

public sealed partial class EmulatorState
{
    /// <summary>Multi Admin Approval requests (operationApprovalRequests), in the order they were made.</summary>
    public List<ApprovalRecord> ApprovalRequests { get; } = [];
}
