namespace AovpnRemediations.Verification;

/// <summary>What a verified script is for; the package contract applies only to <see cref="PackageScript"/>.</summary>
public enum ScriptRole
{
    /// <summary>A detection, remediation, discovery or ConfigMgr remediation script: runs on endpoints under Windows PowerShell 5.1.</summary>
    PackageScript,

    /// <summary>The ConfigMgr baseline importer: runs on an admin's console, may call ConfigMgr cmdlets, has no <c>Invoke-AovpnMain</c>.</summary>
    ConfigMgrImportScript,
}
