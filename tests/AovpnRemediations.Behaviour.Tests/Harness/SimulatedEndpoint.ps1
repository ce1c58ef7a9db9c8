# The simulated endpoint: state (certificate stores holding real X509Certificate2 objects, a clock, a log,
# injected failures) and helpers to arrange it. Dot-source in BeforeAll; call Reset-SimEndpoint before
# each scenario. SimulatedPlatform.ps1 holds the platform-layer functions that read and change this state.

$script:SimPlatformPath = Join-Path -Path $PSScriptRoot -ChildPath 'SimulatedPlatform.ps1'

function Reset-SimEndpoint {
    param([datetime]$Now = [datetime]::SpecifyKind([datetime]'2026-06-01T10:00:00', [System.DateTimeKind]::Utc))
    $global:AovpnSim = [pscustomobject]@{
        Now      = $Now
        Stores   = @{}
        Failures = @{}
        Log      = New-Object System.Collections.ArrayList
        Calls    = New-Object System.Collections.ArrayList
    }
}

function Get-SimStore {
    # The live list behind one store; changing it changes what the package sees.
    param([Parameter(Mandatory)][string]$Location, [Parameter(Mandatory)][string]$StoreName)
    $key = "$Location\$StoreName"
    if (-not $global:AovpnSim.Stores.ContainsKey($key)) {
        $global:AovpnSim.Stores[$key] = New-Object System.Collections.ArrayList
    }
    , $global:AovpnSim.Stores[$key]
}

function Add-SimCertificate {
    param([Parameter(Mandatory)][string]$Location, [Parameter(Mandatory)][string]$StoreName, [Parameter(Mandatory)]$Certificate)
    [void](Get-SimStore -Location $Location -StoreName $StoreName).Add($Certificate)
}

function Import-SimCertificate {
    # A public certificate file as an X509Certificate2.
    param([Parameter(Mandatory)][string]$Path)
    [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificateFromFile($Path)
}

function Set-SimFailure {
    # Makes a platform function throw, as Windows does when access is denied or a cmdlet is missing.
    param([Parameter(Mandatory)][string]$Function, [Parameter(Mandatory)][System.Exception]$Exception)
    $global:AovpnSim.Failures[$Function] = $Exception
}

function Get-SimCalls {
    param([string]$Like = '*')
    @($global:AovpnSim.Calls | Where-Object { $_ -like $Like })
}

function Invoke-SimPackage {
    # Dot-sources a generated script, swaps its platform layer for the simulated one, and runs it.
    param([Parameter(Mandatory)][string]$Path)
    . $Path
    . $script:SimPlatformPath
    $result = Invoke-AovpnMain
    [pscustomobject]@{
        ExitCode  = $result.ExitCode
        Line      = $result.Line
        ErrorText = $result.ErrorText
        Json      = ($result.Line | ConvertFrom-Json)
    }
}
