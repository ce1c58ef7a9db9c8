# expect: StdoutContract 4:1 StdoutContract 7:5 StdoutContract 8:5 StdoutContract 9:18 StdoutContract 10:5
Set-StrictMode -Version 2.0

$script:LogName = 'AovpnRemediations.log'

function Invoke-AovpnMain {
    Write-Output 'checking'
    [Console]::WriteLine('checking')
    'checking' | Out-Host
    [Console]::Out.Flush()
    [Console]::Error.WriteLine('stderr is fine')
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
