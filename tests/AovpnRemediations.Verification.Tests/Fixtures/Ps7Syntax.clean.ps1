# expect: Ps7Syntax 7:5
Set-StrictMode -Version 2.0

function Get-AovpnDoubled {
    param([Parameter(ValueFromPipeline = $true)][int]$Value)
    process { $Value * 2 }
    clean { Write-Verbose -Message 'done' }
}

function Invoke-AovpnMain {
    $doubled = 1 | Get-AovpnDoubled
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
