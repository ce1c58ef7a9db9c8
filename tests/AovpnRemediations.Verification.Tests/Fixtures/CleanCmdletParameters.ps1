# Parameters spelled out as Windows PowerShell 5.1 documents them, with aliases, common parameters, WhatIf where the
# cmdlet supports ShouldProcess, splatting and script functions (no findings expected).
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $exists = Test-Path -LiteralPath 'C:\a' -PathType Leaf -ErrorAction SilentlyContinue -ErrorVariable failed
    $alias = Test-Path -PSPath 'C:\a' -Type Container
    $made = New-Item -Path 'C:\a' -ItemType Directory -Force -WhatIf -Confirm:$false
    $arguments = @{ Path = 'C:\'; ChildPath = 'a' }
    $arguments['Resolve'] = $false
    $joined = Join-Path @arguments
    $events = Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 20227 } -MaxEvents 10 -ErrorAction Stop
    $null = certutil.exe -pulse
    $sorted = @(3, 1, 2) | Sort-Object -Descending | Select-Object -First 1 -Unique
    Write-AovpnLog -Text 'alias' -Verbose
    Write-AovpnLog -Message 'name'
    $plain = ConvertTo-AovpnPlain 'x' -Anything 1
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

function Write-AovpnLog {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][Alias('Text')][string]$Message)
    Write-Verbose -Message $Message
}

function ConvertTo-AovpnPlain {
    # No param block: everything it is given lands in $args.
    return [string]$args[0]
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
