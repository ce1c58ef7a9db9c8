# expect: UnusedFunction 4:1 UnusedFunction 8:1
Set-StrictMode -Version 2.0

function New-AovpnAction {
    return [pscustomobject]@{ Action = 'x' }
}

function Get-AovpnDepth {
    param([int]$Level)
    if ($Level -gt 0) { return (Get-AovpnDepth -Level ($Level - 1)) + 1 }
    return 0
}

function Test-AovpnCertificate {
    return $true
}

function Invoke-AovpnCheck {
    param([scriptblock]$Check)
    return (& $Check)
}

function Invoke-AovpnMain {
    $ok = Invoke-AovpnCheck -Check { Test-AovpnCertificate }
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
