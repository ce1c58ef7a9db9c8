# The platform layer of DESIGN.md, backed by $global:AovpnSim. Same names and parameters as the real
# functions; dot-sourced over a generated script after the script itself.

function Invoke-SimPlatformCall {
    param([string]$Function, [string]$Detail)
    [void]$global:AovpnSim.Calls.Add(("{0} {1}" -f $Function, $Detail).Trim())
    if ($global:AovpnSim.Failures.ContainsKey($Function)) {
        throw $global:AovpnSim.Failures[$Function]
    }
}

function Get-AovpnNow {
    $global:AovpnSim.Now
}

function Get-AovpnStoreCertificate {
    param(
        [Parameter(Mandatory = $true)][ValidateSet('CurrentUser', 'LocalMachine')][string]$Location,
        [Parameter(Mandatory = $true)][ValidateSet('My', 'Root', 'CA', 'Disallowed')][string]$StoreName
    )
    Invoke-SimPlatformCall -Function 'Get-AovpnStoreCertificate' -Detail "$Location\$StoreName"
    foreach ($certificate in (Get-SimStore -Location $Location -StoreName $StoreName)) {
        $certificate
    }
}

function Add-AovpnStoreCertificate {
    param(
        [Parameter(Mandatory = $true)][ValidateSet('CurrentUser', 'LocalMachine')][string]$Location,
        [Parameter(Mandatory = $true)][ValidateSet('My', 'Root', 'CA', 'Disallowed')][string]$StoreName,
        [Parameter(Mandatory = $true)][System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate
    )
    Invoke-SimPlatformCall -Function 'Add-AovpnStoreCertificate' -Detail "$Location\$StoreName $($Certificate.Thumbprint)"
    if ($Certificate.HasPrivateKey) {
        throw 'The simulated endpoint refuses a private key: packages must only ever import public certificates.'
    }
    $store = Get-SimStore -Location $Location -StoreName $StoreName
    # Like X509Store.Add: adding a certificate that is already there changes nothing.
    if (-not @($store | Where-Object { $_.Thumbprint -eq $Certificate.Thumbprint })) {
        [void]$store.Add($Certificate)
    }
}

function Write-AovpnLog {
    param([Parameter(Mandatory = $true)][string]$Message)
    [void]$global:AovpnSim.Log.Add($Message)
}
