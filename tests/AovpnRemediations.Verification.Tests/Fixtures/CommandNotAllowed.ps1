# expect: CommandNotAllowed 5:5 CommandNotAllowed 6:11 CommandNotAllowed 8:7 CommandNotAllowed 9:7
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    Invoke-Expression -Command 'Get-Date'
    $os = Get-WmiObject -Class Win32_OperatingSystem
    $noun = 'Date'
    & "Get-$noun"
    & 'Get-LocalUser'
    $check = { Get-Date }
    $checked = & $check
    $ok = Test-AovpnDefinedLater
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

function Test-AovpnDefinedLater { return $true }

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
