# expect: CultureSensitiveString 5:13 CultureSensitiveString 6:13 CultureSensitiveString 7:13
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $bare = 'pc.example.net'.IndexOf('.') -lt 0
    $boot = 'BOOT.ini'.EndsWith($args[0])
    $name = 'id'.ToUpper()
    $fine = 'pc.example.net'.IndexOf([char]'.') + 'x'.StartsWith('x', [System.StringComparison]::Ordinal) + 'id'.ToUpperInvariant().Length
    return [pscustomobject]@{ ExitCode = 0; Line = ('{"schema":1,"status":"ok","x":"{0}{1}{2}{3}"}' -f $bare, $boot, $name, $fine) }
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
